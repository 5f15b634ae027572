import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { deadLetterTopicOf, HEADERS, type EventEnvelope, type Topic } from '@ctip/contracts';
import { EventProducer, namespacedTopic } from '@ctip/messaging';
import { JobQueues } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { SERVICE_NAME } from '../instance-name';
import { PENDING_RECIPIENTS_JOB } from './delivery.jobs';
import { NotificationDispatcher, RecipientsNotYetKnownError } from './notification-dispatcher.service';

/**
 * Dispatches a notice again for its recipients outside the directory once their contact points arrived.
 * While some are still unknown BullMQ retries with backoff; after the last attempt the event goes to its
 * topic's dead-letter topic with the reason, as the consumer would have sent it, and is not lost.
 */
@Injectable()
export class PendingRecipientsProcessor implements OnModuleInit {
  constructor(
    private readonly queues: JobQueues,
    private readonly dispatcher: NotificationDispatcher,
    private readonly producer: EventProducer,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {}

  onModuleInit(): void {
    this.queues.process(PENDING_RECIPIENTS_JOB, async (data, { job }) => {
      const envelope = data.envelope as EventEnvelope;
      try {
        await this.dispatcher.dispatch(data.topic as Topic, envelope, data.recipientIds);
      } catch (error) {
        const attempts = job.attemptsMade + 1;
        if (!(error instanceof RecipientsNotYetKnownError) || attempts < (job.opts.attempts ?? 1)) throw error;
        await this.deadLetter(data.topic, envelope, error, attempts);
      }
    });
  }

  private async deadLetter(topic: string, envelope: EventEnvelope, error: Error, attempts: number): Promise<void> {
    const physical = namespacedTopic(topic, this.config.NAMESPACE);
    const reason = `${error.name}: ${error.message}`;
    await this.producer.sendRaw(deadLetterTopicOf(physical), {
      key: envelope.key,
      value: JSON.stringify(envelope),
      headers: {
        [HEADERS.messageId]: envelope.id,
        [HEADERS.eventType]: envelope.type,
        [HEADERS.correlationId]: envelope.correlationId,
        [HEADERS.contentType]: 'application/json',
        [HEADERS.dlqReason]: 'handler-failed',
        [HEADERS.dlqError]: reason.slice(0, 2_000),
        [HEADERS.dlqSourceTopic]: physical,
        [HEADERS.dlqConsumerGroup]: namespacedTopic(SERVICE_NAME, this.config.NAMESPACE),
        [HEADERS.dlqAttempts]: String(attempts),
        [HEADERS.dlqFailedAt]: new Date().toISOString(),
      },
    });
    this.logger.error({ topic: physical, eventId: envelope.id, reason: 'handler-failed', error: reason }, 'message dead-lettered');
  }
}
