import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodOperation, ZodParam } from '@ctip/http';
import { alertStateSchema, caseIdParamSchema, entityIdParamSchema } from '../cases/case.dto';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('cases/:caseId/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post(':alertId/acknowledgement')
  @HttpCode(200)
  @Roles('coordinator', 'focal-point', 'partner')
  @ZodOperation({
    summary: 'Take responsibility for an alert; pending escalations stop. Acknowledging twice returns the same acknowledgement.',
    responses: { 200: alertStateSchema },
    errors: [403, 404, 409],
  })
  acknowledge(
    @ZodParam('caseId', caseIdParamSchema) caseId: string,
    @ZodParam('alertId', entityIdParamSchema) alertId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.alerts.acknowledge(caseId, alertId, principal.subject);
  }
}
