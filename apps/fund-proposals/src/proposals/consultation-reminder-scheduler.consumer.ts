import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type FundProposalRevisionRequested, type FundProposalSubmitted } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { JobQueues } from '@ctip/scheduling';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { consultationReminderJob, consultationReminderJobId } from './consultation-reminder.jobs';

/**
 * The silent-applicant reminder is scheduled from this service's own revision-request event and
 * cancelled by the resubmission's event, not right after the writes: the events are stored with the
 * state, so a crash in between loses no reminder. Deterministic ids make a redelivery schedule nothing
 * new; a reminder that runs anyway (cancelled too late) finds the proposal answered and does nothing.
 */
@Controller()
export class ConsultationReminderSchedulerConsumer {
  constructor(
    private readonly jobs: JobQueues,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  @TypedEventPattern(TOPICS.fundProposalRevisionRequested)
  async revisionRequested(@Payload() data: FundProposalRevisionRequested): Promise<void> {
    const delay = Math.max(0, Date.parse(data.requestedAt) + this.config.FUND_CONSULTATION_REMINDER_MS - Date.now());
    await this.jobs.add(
      consultationReminderJob,
      { proposalId: data.proposalId, version: data.version },
      { jobId: consultationReminderJobId(data.proposalId, data.version), delay },
    );
  }

  /** Version n + 1 answers the revision requested of version n. */
  @TypedEventPattern(TOPICS.fundProposalSubmitted)
  async submitted(@Payload() data: FundProposalSubmitted): Promise<void> {
    if (data.version > 1) await this.jobs.remove(consultationReminderJob, consultationReminderJobId(data.proposalId, data.version - 1));
  }
}
