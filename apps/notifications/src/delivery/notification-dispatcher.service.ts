import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope, Payload, Topic } from '@ctip/contracts';
import { NonRetriableError } from '@ctip/messaging';
import { PinoLogger } from 'nestjs-pino';
import { ChannelRegistry } from '../channels/channel-registry';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { PreferenceRepository } from '../preferences/preference.repository';
import { RecipientRepository } from '../recipients/recipient.repository';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { DeliveryPlanner } from './delivery-planner';
import { DeliveryQueue } from './delivery-queue.service';
import { DeliveryRepository } from './delivery.repository';

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
    channels: ChannelRegistry,
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {
    this.planner = new DeliveryPlanner(channels.enabled, config.DIGEST_HOUR_LOCAL);
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
    const now = new Date();
    const planned = personIds.flatMap((personId) => {
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
  }
}
