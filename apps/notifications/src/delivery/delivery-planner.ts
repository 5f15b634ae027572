import type { EventEnvelope } from '@ctip/contracts';
import type { DeliveryChannel, Urgency } from '../channels/notification-channel';
import { effectivePreference, type PreferenceSettings } from '../preferences/preference-settings';
import type { Recipient } from '../recipients/recipient.repository';
import { chooseLanguage } from '../templates/recipient-locale';
import type { NotificationKind } from '../templates/notification-kind';
import { ChannelPlanner } from './channel-planner';
import { deliveryDueAt, digestSlot, heldForDigest } from './delivery-timing';
import { digestJobId } from './delivery.jobs';
import { newDeliveryRecord, type DeliveryRecord, type DeliverySource } from './delivery.schema';
import { notificationIdOf } from './notification-id';

export interface PlannedRecipient {
  personId: string;
  /** null: not (yet) in the directory read model; they still get their in-app inbox. */
  recipient: Recipient | null;
  settings: PreferenceSettings | null;
}

/**
 * The deliveries an event causes for one recipient: the channels they chose (or can be reached on),
 * the language they read, the time their quiet hours allow, or held for their daily digest.
 * Inactive people get nothing; people outside the directory (`external`) have no inbox to read.
 */
export class DeliveryPlanner {
  private readonly channels: ChannelPlanner;

  constructor(
    enabled: ReadonlySet<DeliveryChannel>,
    private readonly digestHourLocal = 8,
  ) {
    this.channels = new ChannelPlanner(enabled);
  }

  plan(input: {
    kind: NotificationKind;
    envelope: EventEnvelope;
    urgency: Urgency;
    facts: Record<string, unknown>;
    target: PlannedRecipient;
    now: Date;
  }): DeliveryRecord[] {
    const { kind, envelope, urgency, facts, now } = input;
    const { personId, recipient, settings } = input.target;
    if (recipient && !recipient.active) return [];
    const preference = effectivePreference(settings, kind.category);
    const source: DeliverySource = {
      sourceEventId: envelope.id,
      sourceTopic: kind.topic,
      sourceType: envelope.type,
      sourceOccurredAt: new Date(envelope.occurredAt),
      aggregateKey: envelope.key,
      correlationId: envelope.correlationId,
      recipientPersonId: personId,
      category: kind.category.name,
      urgency,
      language: chooseLanguage(preference.language, recipient?.languages ?? []),
      timeZone: recipient?.timeZone ?? 'UTC',
      facts,
    };
    const offered = kind.channels?.(urgency);
    const channels: DeliveryChannel[] = recipient
      ? this.channels.primary(recipient.contactPoints, preference.channels, offered).filter((c) => c !== 'in-app' || !recipient.external)
      : ['in-app'];
    return channels.map((channel) => {
      const _id = notificationIdOf(envelope.id, personId, channel);
      if (heldForDigest({ urgency, channel, preference })) {
        const slot = digestSlot({ now, timeZone: source.timeZone, hourLocal: this.digestHourLocal, preference });
        const digest = { day: slot.day, jobId: digestJobId(personId, channel, slot.day) };
        return newDeliveryRecord(source, { _id, channel, role: 'primary', dueAt: slot.dueAt }, digest);
      }
      const dueAt = deliveryDueAt({ urgency, channel, preference, timeZone: source.timeZone, now });
      return newDeliveryRecord(source, { _id, channel, role: 'primary', dueAt });
    });
  }
}
