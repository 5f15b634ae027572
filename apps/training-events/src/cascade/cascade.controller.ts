import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodOperation, ZodParam } from '@ctip/http';
import { EVENT_ORGANISERS } from '../attendance/event-access';
import { eventIdParamSchema } from '../attendance/event-param.dto';
import { cascadeReportViewSchema } from './cascade-report';
import { CascadeService } from './cascade.service';

@ApiTags('training-of-trainers cascade')
@ApiBearerAuth()
@Controller('training-of-trainers')
export class CascadeController {
  constructor(private readonly cascade: CascadeService) {}

  @Get(':id/cascade')
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'The cascade of a training-of-trainers',
    description:
      'The events that cascade from it (their `cascadeFromEventId`), recursively with their depth, whether their trainers were trained there, and the distinct people they reached by country and professional group: counts only, no participant. For the organiser of the training-of-trainers and coordinators; 404 for an event of another kind.',
    responses: { 200: cascadeReportViewSchema },
    errors: [403, 404],
  })
  report(@ZodParam('id', eventIdParamSchema) id: string, @CurrentPrincipal() principal: Principal) {
    return this.cascade.report(id, principal);
  }
}
