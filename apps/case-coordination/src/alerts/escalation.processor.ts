import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { AlertsService } from './alerts.service';
import { escalationJob } from './escalation.jobs';

@Injectable()
export class EscalationProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueues,
    private readonly alerts: AlertsService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(escalationJob, ({ caseId, alertId, rung }) => this.alerts.escalate(caseId, alertId, rung), { concurrency: 10 });
  }
}
