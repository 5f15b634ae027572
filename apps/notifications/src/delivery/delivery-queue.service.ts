import { Inject, Injectable } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import type { ContactChannel } from '../channels/notification-channel';
import { deliveryJob, DIGEST_JOB, URGENCY_PRIORITY } from './delivery.jobs';
import type { DeliveryRecord } from './delivery.schema';

type Queued = Pick<DeliveryRecord, '_id' | 'channel' | 'urgency' | 'dueAt' | 'jobId'>;

/** Job states in which a job will still run by itself. */
const WILL_RUN = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

@Injectable()
export class DeliveryQueue {
  constructor(
    private readonly queues: JobQueues,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  /** Adds the delivery's job under its deterministic id: adding it again while it exists is a no-op. */
  async enqueue(record: Queued, now = new Date()): Promise<void> {
    await this.enqueueAll([record], now);
  }

  /** Adds the jobs of several deliveries, one Redis round trip per queue. */
  async enqueueAll(records: Queued[], now = new Date()): Promise<void> {
    const byQueue = new Map<ReturnType<typeof deliveryJob>, Queued[]>();
    for (const record of records) {
      const job = deliveryJob(record.channel, record.urgency);
      byQueue.set(job, [...(byQueue.get(job) ?? []), record]);
    }
    for (const [job, queued] of byQueue) {
      await this.queues.addBulk(
        job,
        queued.map((record) => ({ data: { notificationId: record._id }, options: this.options(record, now) })),
      );
    }
  }

  private options(record: Queued, now: Date) {
    return {
      jobId: record.jobId,
      priority: URGENCY_PRIORITY[record.urgency],
      delay: Math.max(0, new Date(record.dueAt).getTime() - now.getTime()),
      // The delivery record counts attempts; BullMQ's allowance only needs to outlast it.
      attempts: this.config.DELIVERY_MAX_ATTEMPTS * 2,
      backoff: { type: 'exponential' as const, delay: this.config.DELIVERY_BACKOFF_MS },
    };
  }

  /**
   * Adds the digest job of a held delivery under its deterministic id, delayed until the digest is due:
   * the first held notice of a (person, channel, day) adds it, the others find it there.
   */
  async enqueueDigest(record: Pick<DeliveryRecord, 'recipientPersonId' | 'channel' | 'digestDay' | 'dueAt' | 'jobId'>, now = new Date()) {
    await this.queues.add(
      DIGEST_JOB,
      { personId: record.recipientPersonId, channel: record.channel as ContactChannel, day: record.digestDay! },
      {
        jobId: record.jobId,
        priority: URGENCY_PRIORITY.normal,
        delay: Math.max(0, new Date(record.dueAt).getTime() - now.getTime()),
        attempts: this.config.DELIVERY_MAX_ATTEMPTS * 2,
        backoff: { type: 'exponential', delay: this.config.DELIVERY_BACKOFF_MS },
      },
    );
  }

  /** Whether the delivery's current job will still run without help (false: missing, failed, or held by a dead worker). */
  async willRun(record: Pick<DeliveryRecord, 'channel' | 'urgency' | 'jobId' | 'status'>): Promise<boolean> {
    const digest = record.status === 'digest-pending' || record.status === 'digesting';
    const job = await this.queues.queue(digest ? DIGEST_JOB.queue : deliveryJob(record.channel, record.urgency).queue).getJob(record.jobId);
    return job ? WILL_RUN.has(await job.getState()) : false;
  }
}
