import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { CycleCloseScheduler } from './cycle-close.scheduler';
import { CycleCloseService } from './cycle-close.service';
import { closeCycleJob, confirmSlateJob } from './cycle.jobs';
import { FundCycleRepository } from './fund-cycle.repository';
import { SlateConfirmationService } from './slate-confirmation.service';

/**
 * Runs the close and confirmation jobs, and at every start catches up: each open cycle's close job is
 * added (a no-op where it waits already), a close whose cut-off passed while no instance ran is run now,
 * and a close or confirmation a crash interrupted is run again. Long work always runs as a job, so a
 * worker that dies mid-run has its job taken over by another instance (BullMQ's stalled-job check).
 */
@Injectable()
export class CycleJobsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueues,
    private readonly cycles: FundCycleRepository,
    private readonly scheduler: CycleCloseScheduler,
    private readonly close: CycleCloseService,
    private readonly confirmation: SlateConfirmationService,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(closeCycleJob, ({ cycleId }) => this.close.closeDue(cycleId), { concurrency: 2 });
    this.jobs.process(confirmSlateJob, ({ cycleId }) => this.confirmation.applyDecisions(cycleId), { concurrency: 2 });
    void this.catchUp().catch((err: unknown) => this.logger.warn({ err }, 'cycle catch-up failed; the next start retries it'));
  }

  async catchUp(now = new Date()): Promise<void> {
    for (const cycle of await this.cycles.inStatus(['open', 'closing', 'confirming'])) {
      if (cycle.status === 'confirming') await this.scheduler.confirmNow(cycle._id);
      else if (cycle.status === 'closing' || new Date(cycle.cutOff) <= now) {
        this.logger.info({ cycleId: cycle._id, status: cycle.status }, 'running a close missed or interrupted while down');
        await this.scheduler.runNow(cycle._id);
      } else await this.scheduler.schedule(cycle._id, new Date(cycle.cutOff));
    }
  }
}
