import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { findByIds } from '@ctip/persistence';
import { jobId, JobQueues, PeriodicTask, RedisLease } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { INSTANCE_NAME } from '../instance-name';
import { DeliveryClaims } from './delivery-claims';
import { DeliveryFallbackService } from './delivery-fallback.service';
import { DeliveryQueue } from './delivery-queue.service';
import { DeliveryRepository } from './delivery.repository';
import type { DeliveryRecord } from './delivery.schema';

const BATCH = 200;

/** What the sweep does with one unfinished delivery: look again at `next` (ms), or never (finished). */
interface Verdict {
  requeued: boolean;
  next?: number;
}

/**
 * Puts back to work what a crash left behind, without waiting for BullMQ's stalled-job check (30 s lock
 * plus 30 s interval): due deliveries whose job is gone or held by a dead worker (one that died mid-send
 * leaves its delivery open, and its claim lapses with its lease), held deliveries whose digest did not run
 * (one new digest job per person, channel and day), and fallbacks a crash interrupted. The re-queued job gets a new id; the
 * delivery's claim still lets only one attempt send. One replica sweeps at a time (Redis lease).
 *
 * Each sweep reads only the deliveries due for a look (the due index, by key: every unfinished delivery is
 * in it from the moment it is stored until it is sent or failed), each by `_id`; a query on status or due
 * time would decode the whole collection on FerretDB, at a cost that grows with every delivery ever made.
 * A full pass over the collection runs at start and every DELIVERY_RECOVERY_FULL_SCAN_INTERVAL_MS, for
 * what the index may have missed (Redis lost its data).
 */
@Injectable()
export class DeliveryRecoveryService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly periodic: PeriodicTask;
  private readonly lease: RedisLease;
  private lastFullScan = 0;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly claims: DeliveryClaims,
    private readonly queue: DeliveryQueue,
    private readonly fallback: DeliveryFallbackService,
    queues: JobQueues,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(INSTANCE_NAME) instance: string,
    private readonly logger: PinoLogger,
  ) {
    this.lease = new RedisLease(
      queues.redis,
      `ctip-${instance}:lease:delivery-recovery`,
      Math.max(5_000, config.DELIVERY_RECOVERY_INTERVAL_MS * 5),
    );
    this.periodic = new PeriodicTask(() => this.sweepIfOwner(), config.DELIVERY_RECOVERY_INTERVAL_MS);
  }

  /** Starts with the workers, before the Kafka consumer joins its group (see DeliveryProcessor). */
  onModuleInit(): void {
    this.periodic.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
    await this.lease.release().catch(() => undefined);
  }

  private async sweepIfOwner(): Promise<void> {
    try {
      if (!(await this.lease.acquire())) return;
      const now = new Date();
      if (now.getTime() - this.lastFullScan >= this.config.DELIVERY_RECOVERY_FULL_SCAN_INTERVAL_MS) {
        await this.fullSweep(now);
        this.lastFullScan = now.getTime();
      }
      await this.sweep(now);
    } catch (err) {
      this.logger.warn({ err }, 'delivery recovery sweep failed');
    }
  }

  /** Looks at the deliveries the due index says are due; returns how many were put back to work. */
  async sweep(now = new Date()): Promise<number> {
    const ids = await this.deliveries.due.due(now.getTime(), BATCH);
    const records = new Map((await findByIds((id) => this.deliveries.find(id), ids)).map((r) => [r._id, r]));
    const digests = new Set<string>();
    const finished: string[] = [];
    const later: { id: string; at: number }[] = [];
    let requeued = 0;
    for (const id of ids) {
      const record = records.get(id);
      const verdict = record ? await this.recover(record, now, digests) : { requeued: false };
      if (verdict.requeued) requeued += 1;
      if (verdict.next === undefined) finished.push(id);
      else later.push({ id, at: verdict.next });
    }
    await this.deliveries.due.clear(finished);
    await this.deliveries.due.schedule(later);
    if (requeued > 0) this.logger.info({ count: requeued }, 'delivery recovery re-queued work a crash left behind');
    return requeued;
  }

  private async recover(record: DeliveryRecord, now: Date, digests: Set<string>): Promise<Verdict> {
    const grace = this.config.DELIVERY_RECOVERY_GRACE_MS;
    const dueBefore = now.getTime() - grace;
    const lapsed = record.leaseUntil ? new Date(record.leaseUntil).getTime() < now.getTime() : false;
    const lookAgain = now.getTime() + grace;
    switch (record.status) {
      case 'sent':
        return { requeued: false };
      case 'failed': {
        if (!record.fallbackPending) return { requeued: false };
        const failedAt = new Date(record.failedAt ?? now).getTime();
        if (failedAt >= dueBefore) return { requeued: false, next: failedAt + grace };
        await this.fallback.afterFinalFailure(record);
        return { requeued: true };
      }
      case 'queued':
      case 'retrying': {
        const dueAt = new Date(record.dueAt).getTime();
        if (dueAt >= dueBefore) return { requeued: false, next: dueAt + grace };
        // Being sent right now (a live claim): look again when its lease would lapse.
        const leased = await this.claims.leaseLeft(record._id);
        if (leased > 0) return { requeued: false, next: now.getTime() + leased };
        return { requeued: await this.requeue(record, now), next: lookAgain };
      }
      case 'digesting':
        if (!lapsed) return { requeued: false, next: new Date(record.leaseUntil!).getTime() };
        return { requeued: await this.requeueDigest(record, now, digests), next: lookAgain };
      case 'digest-pending': {
        const dueAt = new Date(record.dueAt).getTime();
        if (dueAt >= dueBefore) return { requeued: false, next: dueAt + grace };
        return { requeued: await this.requeueDigest(record, now, digests), next: lookAgain };
      }
      default:
        return { requeued: false, next: lookAgain };
    }
  }

  /** A new job for a delivery whose job will not run by itself; false if it will, or another sweep came first. */
  private async requeue(record: DeliveryRecord, now: Date): Promise<boolean> {
    if (await this.queue.willRun(record)) return false;
    const next = jobId(record._id, 'recover', now.getTime());
    if (!(await this.deliveries.replaceJob(record._id, record.jobId, next))) return false;
    await this.queue.enqueue({ ...record, jobId: next, dueAt: now }, now);
    return true;
  }

  /** One new digest job per (person, channel, day) and sweep. */
  private async requeueDigest(record: DeliveryRecord, now: Date, digests: Set<string>): Promise<boolean> {
    const run = jobId(record.recipientPersonId, record.channel, record.digestDay ?? '');
    if (digests.has(run) || (await this.queue.willRun(record))) return false;
    const next = jobId(record.jobId, 'recover', now.getTime());
    if (!(await this.deliveries.replaceJob(record._id, record.jobId, next))) return false;
    await this.queue.enqueueDigest({ ...record, jobId: next, dueAt: now }, now);
    digests.add(run);
    return true;
  }

  /** The pass over the whole collection (scans on FerretDB): what the due index may have missed. */
  async fullSweep(now = new Date()): Promise<number> {
    const dueBefore = new Date(now.getTime() - this.config.DELIVERY_RECOVERY_GRACE_MS);
    const digests = new Set<string>();
    let requeued = 0;
    for (const record of await this.deliveries.stuck(dueBefore, BATCH))
      if ((await this.claims.leaseLeft(record._id)) === 0 && (await this.requeue(record, now))) requeued += 1;
    for (const record of await this.deliveries.stuckDigests(now, dueBefore, BATCH))
      if (await this.requeueDigest(record, now, digests)) requeued += 1;
    for (const record of await this.deliveries.pendingFallbacks(dueBefore, BATCH)) {
      await this.fallback.afterFinalFailure(record);
      requeued += 1;
    }
    if (requeued > 0) this.logger.info({ count: requeued }, 'delivery recovery (full pass) re-queued work a crash left behind');
    return requeued;
  }
}
