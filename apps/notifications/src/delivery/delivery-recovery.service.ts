import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { jobId, JobQueues, PeriodicTask, RedisLease } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { INSTANCE_NAME } from '../instance-name';
import { DeliveryFallbackService } from './delivery-fallback.service';
import { DeliveryQueue } from './delivery-queue.service';
import { DeliveryRepository } from './delivery.repository';

const BATCH = 200;

/**
 * Puts back to work what a crash left behind, without waiting for BullMQ's stalled-job check (30 s lock
 * plus 30 s interval): claims whose lease passed (the worker died mid-send), due deliveries whose job is
 * gone or held by a dead worker, held deliveries whose digest did not run (one new digest job per person,
 * channel and day), and fallbacks a crash interrupted. The re-queued job gets a new id; the
 * delivery's claim still lets only one attempt send. One replica sweeps at a time (Redis lease).
 */
@Injectable()
export class DeliveryRecoveryService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly periodic: PeriodicTask;
  private readonly lease: RedisLease;

  constructor(
    private readonly deliveries: DeliveryRepository,
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
    // Paced by its own cost: with a backlog, or on a store without secondary indexes (FerretDB scans the
    // deliveries collection for these queries), back-to-back sweeps starved the consumer and the workers.
    this.periodic.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
    await this.lease.release().catch(() => undefined);
  }

  private async sweepIfOwner(): Promise<void> {
    try {
      if (await this.lease.acquire()) await this.sweep();
    } catch (err) {
      this.logger.warn({ err }, 'delivery recovery sweep failed');
    }
  }

  async sweep(now = new Date()): Promise<number> {
    let requeued = 0;
    const dueBefore = new Date(now.getTime() - this.config.DELIVERY_RECOVERY_GRACE_MS);
    for (const record of await this.deliveries.stuck(now, dueBefore, BATCH)) {
      if (await this.queue.willRun(record)) continue;
      const next = jobId(record._id, 'recover', now.getTime());
      if (!(await this.deliveries.replaceJob(record._id, record.jobId, next))) continue;
      await this.queue.enqueue({ ...record, jobId: next, dueAt: now }, now);
      requeued += 1;
    }
    const digests = new Set<string>();
    for (const record of await this.deliveries.stuckDigests(now, dueBefore, BATCH)) {
      const run = jobId(record.recipientPersonId, record.channel, record.digestDay ?? '');
      if (digests.has(run) || (await this.queue.willRun(record))) continue;
      const next = jobId(record.jobId, 'recover', now.getTime());
      if (!(await this.deliveries.replaceJob(record._id, record.jobId, next))) continue;
      await this.queue.enqueueDigest({ ...record, jobId: next, dueAt: now }, now);
      digests.add(run);
      requeued += 1;
    }
    for (const record of await this.deliveries.pendingFallbacks(dueBefore, BATCH)) {
      await this.fallback.afterFinalFailure(record);
      requeued += 1;
    }
    if (requeued > 0) this.logger.info({ count: requeued }, 'delivery recovery re-queued work a crash left behind');
    return requeued;
  }
}
