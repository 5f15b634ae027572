import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope, Payload, Topic } from '@ctip/contracts';
import { NonRetriableError } from '@ctip/messaging';
import { PinoLogger } from 'nestjs-pino';
import { ChannelRegistry } from '../channels/channel-registry';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { PreferenceRepository } from '../preferences/preference.repository';
import { isExternalRecipientId, RecipientRepository, type Recipient } from '../recipients/recipient.repository';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { DeliveryPlanner } from './delivery-planner';
import { DeliveryQueue } from './delivery-queue.service';
import { DeliveryRepository } from './delivery.repository';

/**
 * A notice names people outside the directory whose sealed contact points have not arrived (the two topics
 * are not ordered). Retriable: the consumer tries again (bounded) and then dead-letters the event with this
 * reason; the deliveries of everyone else are stored and queued before it is thrown, and stay idempotent.
 */
export class RecipientsNotYetKnownError extends Error {
  override name = 'RecipientsNotYetKnownError';

  constructor(readonly recipientIds: string[]) {
    const listed = recipientIds.slice(0, 10).join(', ');
    super(`contact points not received yet for ${recipientIds.length} recipient(s) outside the directory: ${listed}`);
  }
}

const RECHECK_MS = 250;

/**
 * Turns an event into deliveries and queues them. Records and jobs have deterministic ids, so handling
 * the same event again (a redelivery, a crash before the offset was committed) adds nothing. The whole
 * recipient group is read, written and queued in a few round trips, however large it is.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly planner: DeliveryPlanner;
  private readonly externalWaitMs: number;

  constructor(
    private readonly catalogue: NotificationCatalogue,
    private readonly recipients: RecipientRepository,
    private readonly preferences: PreferenceRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    channels: ChannelRegistry,
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {
    this.planner = new DeliveryPlanner(channels.enabled, config.DIGEST_HOUR_LOCAL);
    this.externalWaitMs = config.EXTERNAL_RECIPIENT_WAIT_MS;
  }

  async dispatch(topic: Topic, envelope: EventEnvelope): Promise<void> {
    const kind = this.catalogue.forTopic(topic);
    if (!kind) throw new NonRetriableError(`no notification template for ${topic}`);
    // The consumer validated the payload against the topic's contract.
    const data = envelope.data as Payload<Topic>;
    const urgency = kind.urgency(data);
    const facts = kind.facts(data);
    const personIds = [...new Set(await kind.recipients(data, this.recipients))];
    const [recipients, settings] = await Promise.all([this.recipients.findMany(personIds), this.preferences.findMany(personIds)]);
    const pending = await this.awaitExternal(personIds, recipients);
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
    for (const record of stored) {
      if (record.status === 'digest-pending' || record.status === 'digesting') await this.queue.enqueueDigest(record, now);
      else if (record.status !== 'sent' && record.status !== 'failed') await this.queue.enqueue(record, now);
    }
    if (pending.length > 0) throw new RecipientsNotYetKnownError(pending);
  }

  /**
   * People outside the directory have no inbox to fall back on: waits up to EXTERNAL_RECIPIENT_WAIT_MS for
   * their contact points (adding them to `recipients`), and returns those still unknown.
   */
  private async awaitExternal(personIds: string[], recipients: Map<string, Recipient>): Promise<string[]> {
    const unknown = () => personIds.filter((id) => isExternalRecipientId(id) && !recipients.has(id));
    const deadline = Date.now() + this.externalWaitMs;
    while (unknown().length > 0 && Date.now() < deadline) {
      await sleep(RECHECK_MS);
      for (const [id, recipient] of await this.recipients.findMany(unknown())) recipients.set(id, recipient);
    }
    return unknown();
  }
}
