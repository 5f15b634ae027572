import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { consultationReminderJob } from './consultation-reminder.jobs';
import { ConsultationService } from './consultation.service';

@Injectable()
export class ConsultationReminderProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueues,
    private readonly consultation: ConsultationService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(consultationReminderJob, ({ proposalId, version }) => this.consultation.remindSilentApplicant(proposalId, version));
  }
}
