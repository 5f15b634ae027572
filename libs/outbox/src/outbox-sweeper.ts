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
  /**
   * How often the sweeper also scans every tracked collection for entries (default 30 s), for entries the
   * pending index does not know: written just before their service died, or lost with Redis. It runs on
   * the first sweep after start, so a restarted service publishes what its crash left at once.
   */
  fullSweepIntervalMs?: number;
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
  private lastFullSweep = 0;

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

  /**
   * Publishes every entry older than the grace period of the documents the pending index names (by `_id`),
   * and every `fullSweepIntervalMs` all tracked collections by query; returns how many.
   */
  async sweep(): Promise<number> {
    const now = Date.now();
    let count = await this.sweepMarked(now - this.options.graceMs);
    if (!this.outbox.pending || now - this.lastFullSweep >= (this.options.fullSweepIntervalMs ?? 30_000)) {
      this.lastFullSweep = now;
      const cutoff = new Date(now - this.options.graceMs);
      for (const collection of this.outbox.tracked()) {
        const docs = await collection.find({ 'outbox.createdAt': { $lte: cutoff } }, { projection: { outbox: 1 }, limit: BATCH }).toArray();
        for (const doc of docs) {
          await this.outbox.relay(collection, doc._id, doc.outbox);
          count += doc.outbox.length;
        }
      }
    }
    if (count > 0) {
      swept.inc(count);
      this.logger.info({ count }, 'outbox sweeper published entries left behind');
    }
    return count;
  }

  private async sweepMarked(before: number): Promise<number> {
    const index = this.outbox.pending;
    if (!index) return 0;
    const collections = new Map(this.outbox.tracked().map((c) => [c.collectionName, c]));
    let count = 0;
    for (const mark of await index.olderThan(before, BATCH)) {
      const collection = collections.get(mark.collection);
      // Another service's or an untracked collection: not ours to publish, and no key of ours either.
      if (!collection) continue;
      const doc = await collection.findOne({ _id: mark.id }, { projection: { outbox: 1 } });
      const entries = doc?.outbox ?? [];
      const remaining = entries.length > 0 ? await this.outbox.relay(collection, mark.id, entries) : 0;
      count += entries.length;
      if (remaining === 0) await index.clear(mark.collection, mark.id, mark.since);
    }
    return count;
  }
}
