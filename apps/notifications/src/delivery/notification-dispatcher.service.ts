import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope, Payload, Topic } from '@ctip/contracts';
import { NonRetriableError } from '@ctip/messaging';
import { jobId, JobQueues } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { ChannelRegistry } from '../channels/channel-registry';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { PreferenceRepository } from '../preferences/preference.repository';
import { isExternalRecipientId, RecipientRepository } from '../recipients/recipient.repository';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { DeliveryPlanner } from './delivery-planner';
import { DeliveryQueue } from './delivery-queue.service';
import { DeliveryRepository } from './delivery.repository';
import { PENDING_RECIPIENTS_JOB } from './delivery.jobs';

/** A notice still names people outside the directory whose sealed contact points have not arrived. */
export class RecipientsNotYetKnownError extends Error {
  override name = 'RecipientsNotYetKnownError';

  constructor(readonly recipientIds: string[]) {
    const listed = recipientIds.slice(0, 10).join(', ');
    super(`contact points not received yet for ${recipientIds.length} recipient(s) outside the directory: ${listed}`);
  }
}

/**
 * Turns an event into deliveries and queues them. Records and jobs have deterministic ids, so handling
 * the same event again (a redelivery, a crash before the offset was committed) adds nothing. The whole
 * recipient group is read, written and queued in a few round trips, however large it is.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly planner: DeliveryPlanner;

  constructor(
    private readonly catalogue: NotificationCatalogue,
    private readonly recipients: RecipientRepository,
    private readonly preferences: PreferenceRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    private readonly jobs: JobQueues,
    channels: ChannelRegistry,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {
    this.planner = new DeliveryPlanner(channels.enabled, config.DIGEST_HOUR_LOCAL);
  }

  /**
   * `only`: dispatch to these recipients of the event alone (a retry for people outside the directory,
   * which throws RecipientsNotYetKnownError while some are still unknown).
   */
  async dispatch(topic: Topic, envelope: EventEnvelope, only?: readonly string[]): Promise<void> {
    const kind = this.catalogue.forTopic(topic);
    if (!kind) throw new NonRetriableError(`no notification template for ${topic}`);
    // The consumer validated the payload against the topic's contract.
    const data = envelope.data as Payload<Topic>;
    const urgency = kind.urgency(data);
    const facts = kind.facts(data);
    const named = [...new Set(await kind.recipients(data, this.recipients))];
    const personIds = only ? named.filter((id) => only.includes(id)) : named;
    const [recipients, settings] = await Promise.all([this.recipients.findMany(personIds), this.preferences.findMany(personIds)]);
    // People outside the directory have no inbox to fall back on: they wait for their contact points.
    const pending = personIds.filter((id) => isExternalRecipientId(id) && !recipients.has(id));
    const now = new Date();
    const planned = personIds.flatMap((personId) => {
      if (pending.includes(personId)) return [];
      const recipient = recipients.get(personId) ?? null;
      if (!recipient) this.logger.warn({ personId, sourceEventId: envelope.id }, 'recipient not in the directory read model: in-app only');
      else if (!recipient.active) this.logger.info({ personId, sourceEventId: envelope.id }, 'recipient inactive: not notified');
      const target = { personId, recipient, settings: settings.get(personId) ?? null };
      return this.planner.plan({ kind, envelope, urgency, facts, target, now });
    });
    const stored = await this.deliveries.createAllIfAbsent(planned);
    const digests = stored.filter((record) => record.status === 'digest-pending' || record.status === 'digesting');
    for (const record of digests) await this.queue.enqueueDigest(record, now);
    await this.queue.enqueueAll(
      stored.filter((record) => !digests.includes(record) && record.status !== 'sent' && record.status !== 'failed'),
      now,
    );
    if (pending.length > 0) await this.awaitRecipients(topic, envelope, pending, only !== undefined);
  }

  /**
   * The sealed contact point and the notice travel on different topics, in no order: the notice is
   * dispatched again for those people alone, with backoff (EXTERNAL_RECIPIENT_RETRY_MS doubling,
   * EXTERNAL_RECIPIENT_ATTEMPTS), without holding up the consumer; after the last attempt it is
   * dead-lettered with the reason (see PendingRecipientsProcessor).
   */
  private async awaitRecipients(topic: Topic, envelope: EventEnvelope, pending: string[], retrying: boolean): Promise<void> {
    if (retrying) throw new RecipientsNotYetKnownError(pending);
    this.logger.info(
      { sourceEventId: envelope.id, recipientIds: pending },
      'waiting for the contact points of recipients outside the directory',
    );
    await this.jobs.add(
      PENDING_RECIPIENTS_JOB,
      { topic, envelope, recipientIds: pending },
      {
        jobId: jobId('pending-recipients', envelope.id),
        delay: this.config.EXTERNAL_RECIPIENT_RETRY_MS,
        attempts: this.config.EXTERNAL_RECIPIENT_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.EXTERNAL_RECIPIENT_RETRY_MS },
      },
    );
  }
}
