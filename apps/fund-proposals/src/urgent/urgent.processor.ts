import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { UrgentEscalationService } from './urgent-escalation.service';
import { urgentEscalationJob } from './urgent.jobs';

@Injectable()
export class UrgentProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueues,
    private readonly escalation: UrgentEscalationService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(urgentEscalationJob, ({ proposalId, stage }) => this.escalation.escalate(proposalId, stage), { concurrency: 5 });
  }
}
