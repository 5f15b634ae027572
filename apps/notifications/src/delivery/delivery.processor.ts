import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../channels/notification-channel';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { DigestService } from './digest.service';
import { DELIVERY_JOBS, DIGEST_JOB, URGENT_DELIVERY_JOBS } from './delivery.jobs';
import { DeliveryService } from './delivery.service';

/**
 * One worker per channel queue and lane (urgent or not), each with its own rate limit; a job maps to one delivery. One worker for
 * digests; a job maps to one person's digest on one channel for one day. Workers start
 * at module init, before the Kafka consumer has joined its group: after a crash that join waits for the
 * dead member's session to time out (30 s), and deliveries need not wait with it.
 */
@Injectable()
export class DeliveryProcessor implements OnModuleInit {
  constructor(
    private readonly queues: JobQueues,
    private readonly delivery: DeliveryService,
    private readonly digest: DigestService,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onModuleInit(): void {
    const perSecond: Record<DeliveryChannel, number> = {
      email: this.config.RATE_LIMIT_EMAIL_PER_SECOND,
      sms: this.config.RATE_LIMIT_SMS_PER_SECOND,
      webhook: this.config.RATE_LIMIT_WEBHOOK_PER_SECOND,
      'in-app': this.config.RATE_LIMIT_INAPP_PER_SECOND,
    };
    // Each lane has its channel's rate limit: urgent alerts are never throttled by bulk notices.
    for (const lane of [URGENT_DELIVERY_JOBS, DELIVERY_JOBS])
      for (const channel of DELIVERY_CHANNELS) {
        this.queues.process(lane[channel], (data) => this.delivery.deliver(data.notificationId), {
          concurrency: this.config.DELIVERY_CONCURRENCY,
          limiter: { max: perSecond[channel], duration: 1_000 },
        });
      }
    this.queues.process(DIGEST_JOB, (data, { job }) => this.digest.send({ ...data, runId: job.id! }), {
      concurrency: this.config.DELIVERY_CONCURRENCY,
    });
  }
}
