import { Injectable } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { closeCycleJob, closeJobId, confirmSlateJob, confirmJobId } from './cycle.jobs';

/**
 * One delayed BullMQ job per cycle, `close-<cycleId>`, due at the cut-off instant (computed once in
 * FUND_TIME_ZONE when the cycle is created). Not a repeatable job scheduler: cut-offs are dates an
 * officer chooses per quarter, not a cron pattern, and a job scheduler would fire for quarters that
 * have no cycle. The deterministic id makes every instance's `schedule` (at creation and at each start)
 * one job; the job lives in Redis, so it survives restarts of every instance.
 */
@Injectable()
export class CycleCloseScheduler {
  constructor(private readonly jobs: JobQueues) {}

  async schedule(cycleId: string, cutOff: Date): Promise<void> {
    const delay = Math.max(0, cutOff.getTime() - Date.now());
    await this.jobs.add(closeCycleJob, { cycleId }, { jobId: closeJobId(cycleId), delay });
  }

  /** Runs the close job now (a close by hand, or one missed): promotes the waiting job, or adds it again. */
  async runNow(cycleId: string): Promise<void> {
    await this.now(closeCycleJob.queue, closeJobId(cycleId), () =>
      this.jobs.add(closeCycleJob, { cycleId }, { jobId: closeJobId(cycleId) }),
    );
  }

  async confirmNow(cycleId: string): Promise<void> {
    await this.now(confirmSlateJob.queue, confirmJobId(cycleId), () =>
      this.jobs.add(confirmSlateJob, { cycleId }, { jobId: confirmJobId(cycleId) }),
    );
  }

  private async now(queue: string, id: string, add: () => Promise<unknown>): Promise<void> {
    const job = await this.jobs.queue(queue).getJob(id);
    const state = job ? await job.getState() : 'missing';
    if (state === 'delayed') {
      // Promoting a job that another instance promoted or started meanwhile throws; it runs either way.
      await job!.promote().catch(() => undefined);
      return;
    }
    // A finished job of the same id would swallow the new one: the work it did is idempotent, so run it again.
    if (state === 'completed' || state === 'failed') await job!.remove().catch(() => undefined);
    if (state !== 'active' && state !== 'waiting' && state !== 'prioritized' && state !== 'waiting-children') await add();
  }
}
