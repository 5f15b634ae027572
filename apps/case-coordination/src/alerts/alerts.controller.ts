import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('cases/:caseId/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post(':alertId/acknowledgement')
  @HttpCode(200)
  @Roles('coordinator', 'focal-point', 'partner')
  @ApiOperation({
    summary: 'Take responsibility for an alert; pending escalations stop. Acknowledging twice returns the same acknowledgement.',
  })
  acknowledge(@Param('caseId') caseId: string, @Param('alertId') alertId: string, @CurrentPrincipal() principal: Principal) {
    return this.alerts.acknowledge(caseId, alertId, principal.subject);
  }
}
