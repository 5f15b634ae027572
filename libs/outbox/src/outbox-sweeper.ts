import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { metrics } from '@ctip/observability';
import { JobQueues, PeriodicTask, RedisLease } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { Outbox } from './outbox';

export interface OutboxOptions {
  service: string;
  /** How often the sweeper looks for entries left behind. */
  sweepIntervalMs: number;
  /** Entries younger than this belong to the fast path; the sweeper leaves them alone. */
  graceMs: number;
}

export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');
const swept = metrics.counter('ctip_outbox_swept_total', 'Outbox entries published by the sweeper', []);
const BATCH = 100;

/**
 * Re-publishes outbox entries that a crash left behind. One active owner per service, through a Redis
 * lease that lapses if the owner dies, so replicas do not publish the same backlog in parallel.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private periodic?: PeriodicTask;
  private lease?: RedisLease;

  constructor(
    private readonly outbox: Outbox,
    private readonly queues: JobQueues,
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxOptions,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.lease = new RedisLease(
      this.queues.redis,
      `ctip:${this.options.service}:lease:outbox-sweeper`,
      Math.max(5_000, this.options.sweepIntervalMs * 5),
    );
    // Paced by its own cost: on a store without secondary indexes the sweep's query scans the collection.
    this.periodic = new PeriodicTask(() => this.sweepIfOwner(), this.options.sweepIntervalMs);
    this.periodic.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
    await this.lease?.release().catch(() => undefined);
  }

  private async sweepIfOwner(): Promise<void> {
    try {
      if (!(await this.lease?.acquire())) return;
      await this.sweep();
    } catch (err) {
      this.logger.warn({ err }, 'outbox sweep failed');
    }
  }

  /** Publishes every entry older than the grace period; returns how many. */
  async sweep(): Promise<number> {
    const cutoff = new Date(Date.now() - this.options.graceMs);
    let count = 0;
    for (const collection of this.outbox.tracked()) {
      const docs = await collection.find({ 'outbox.createdAt': { $lte: cutoff } }, { projection: { outbox: 1 }, limit: BATCH }).toArray();
      for (const doc of docs) {
        await this.outbox.relay(collection, doc._id, doc.outbox);
        count += doc.outbox.length;
      }
    }
    if (count > 0) {
      swept.inc(count);
      this.logger.info({ count }, 'outbox sweeper published entries left behind');
    }
    return count;
  }
}
