import { CONTACT_CHANNELS, URGENCIES } from '@ctip/contracts';
import type { CalendarInvitation } from './calendar-invitation.builder';

export type Urgency = (typeof URGENCIES)[number];

/** Queue and channel names are part of the deployment and of `notification.*` events: renaming one is a migration. */
export const DELIVERY_CHANNELS = [...CONTACT_CHANNELS, 'in-app'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** A rendered notification, ready for one channel. Carries no personal data of anyone concerned by a case. */
export interface OutboundMessage {
  /** Deterministic per (source event, recipient, channel): the Message-ID and the Idempotency-Key. */
  notificationId: string;
  recipientPersonId: string;
  category: string;
  urgency: Urgency;
  language: string;
  sourceEventId: string;
  sourceType: string;
  aggregateKey: string;
  subject: string;
  body: string;
  /** The short form (SMS, in-app title). */
  short: string;
  link: string;
  /** The whitelisted template context, for machine receivers (webhooks). */
  data: Record<string, unknown>;
  /** An iCalendar invitation (emails about something with a date: its kind has a `calendar` hook). */
  calendar?: CalendarInvitation;
}

/** Where to send: an email address, an E.164 number, an https URL, or the person's own inbox. */
export interface ContactAddress {
  contactPointId: string;
  channel: DeliveryChannel;
  address: string;
}

export interface NotificationChannel {
  readonly name: DeliveryChannel;
  /** Resolves once the channel accepted the message; throws TransientChannelError or PermanentChannelError. */
  send(message: OutboundMessage, contactPoint: ContactAddress): Promise<void>;
}
