import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type FundUrgentRequested } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { JobQueues } from '@ctip/scheduling';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { urgentEscalationJob, urgentJobId } from './urgent.jobs';

/**
 * Schedules an urgent request's reminder (half the SLA) and expiry from the service's own event, which is
 * stored with the request in one write: a crash before the scheduling only delays it until the event is
 * published. Deterministic job ids make a redelivered event schedule nothing new.
 */
@Controller()
export class UrgentSchedulerConsumer {
  constructor(
    private readonly jobs: JobQueues,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  @TypedEventPattern(TOPICS.fundUrgentRequested)
  async urgentRequested(@Payload() data: FundUrgentRequested): Promise<void> {
    const decideBy = Date.parse(data.decideBy);
    const remindAt = decideBy - this.config.FUND_URGENT_SLA_MS / 2;
    for (const [stage, at] of [
      ['reminder', remindAt],
      ['expired', decideBy],
    ] as const) {
      await this.jobs.add(
        urgentEscalationJob,
        { proposalId: data.proposalId, stage },
        { jobId: urgentJobId(data.proposalId, stage), delay: Math.max(0, at - Date.now()) },
      );
    }
  }
}
