import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodQuery } from '@ctip/http';
import { dutyRotaViewSchema, onDutyQuerySchema, onDutyViewSchema, putDutyRotaSchema, type PutDutyRota } from './duty-rota.dto';
import { DutyRotaService } from './duty-rota.service';

@ApiTags('urgent fast-track')
@ApiBearerAuth()
@Controller('urgent-duty-rota')
export class DutyRotaController {
  constructor(private readonly rota: DutyRotaService) {}

  @Get()
  @Roles('fund-officer', 'fund-committee', 'head-of-unit')
  @ZodOperation({
    summary: 'The duty rota for urgent requests',
    description: '404 until one is set.',
    responses: { 200: dutyRotaViewSchema },
    errors: [403, 404],
  })
  read() {
    return this.rota.get();
  }

  @Put()
  @Roles('head-of-unit')
  @ZodOperation({
    summary: 'Set the duty rota for urgent requests',
    description:
      'The whole rota with the revision read (none for the first). 422 naming each person who is not active fund staff in the role their place needs, or an absence that ends before it starts; 409 with `current.revision` when it changed since it was read.',
    responses: { 200: dutyRotaViewSchema },
    errors: [403, 409, 422],
  })
  put(@ZodBody(putDutyRotaSchema) body: PutDutyRota) {
    return this.rota.put(body);
  }

  @Get('on-duty')
  @Roles('fund-officer', 'fund-committee', 'head-of-unit')
  @ZodOperation({
    summary: 'Who an urgent request alerts at a moment',
    description:
      'At the request, at half the SLA and when it expires; `source: all-officers` when there is no rota or everybody on it is away.',
    responses: { 200: onDutyViewSchema },
    errors: [403],
  })
  onDuty(@ZodQuery(onDutyQuerySchema) query: { at?: string }) {
    return this.rota.onDuty(query.at ? new Date(query.at) : new Date());
  }
}
