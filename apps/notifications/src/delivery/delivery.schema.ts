import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { Schema } from 'mongoose';
import { DELIVERY_CHANNELS, type ContactChannel, type DeliveryChannel, type Urgency } from '../channels/notification-channel';

export const DELIVERY_MODEL = 'Delivery';

/**
 * queued → sent | retrying → … | failed, one write per attempt, when it ends. While an attempt runs its
 * delivery is claimed in Redis (DeliveryClaims, leased): exactly one worker may send, and a claim whose
 * worker died is taken over once the lease has passed.
 * Held for the daily digest: digest-pending → digesting (claimed by one digest run, leased) → sent | failed,
 * or back to digest-pending after a transient failure.
 */
export const DELIVERY_STATUSES = ['queued', 'retrying', 'sent', 'failed', 'digest-pending', 'digesting'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One notification to one person on one channel, for one source event. `_id` is the notification id. */
export interface DeliveryRecord extends WithOutbox {
  _id: string;
  sourceEventId: string;
  sourceTopic: string;
  sourceType: string;
  sourceOccurredAt: Date;
  aggregateKey: string;
  correlationId: string;
  recipientPersonId: string;
  channel: DeliveryChannel;
  category: string;
  urgency: Urgency;
  language: string;
  timeZone: string;
  /** The whitelisted facts of the source event that the templates may use. */
  facts: Record<string, unknown>;
  role: 'primary' | 'fallback';
  fallbackFrom?: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  /** Attempts that began and never ended (their worker died mid-send): the only case in which a resend can happen. */
  interruptedAttempts: number;
  dueAt: Date;
  /** The BullMQ job that currently carries this delivery. */
  jobId: string;
  /** A digest run's claim (`digesting`): its lease and token. A single delivery's claim is in Redis. */
  leaseUntil: Date | null;
  claimToken: string | null;
  reason?: string;
  permanent?: boolean;
  sentAt?: Date;
  failedAt?: Date;
  /** Set in the same write as `failed` for urgent alerts; cleared once the next channel is queued. */
  fallbackPending?: boolean;
  fallbackChannel?: ContactChannel;
  /** Held for the digest of this local day (`yyyy-mm-dd`, the person's time zone). */
  digestDay?: string;
  /** The digest message that carries (or carried) it: its Message-ID / Idempotency-Key. */
  digestId?: string;
  createdAt?: Date;
  updatedAt?: Date;
}

export const deliverySchema = new Schema<DeliveryRecord>(
  {
    _id: { type: String, required: true },
    sourceEventId: { type: String, required: true },
    sourceTopic: { type: String, required: true },
    sourceType: { type: String, required: true },
    sourceOccurredAt: { type: Date, required: true },
    aggregateKey: { type: String, required: true },
    correlationId: { type: String, required: true },
    recipientPersonId: { type: String, required: true },
    channel: { type: String, enum: DELIVERY_CHANNELS, required: true },
    category: { type: String, required: true },
    urgency: { type: String, required: true },
    language: { type: String, required: true },
    timeZone: { type: String, required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    role: { type: String, enum: ['primary', 'fallback'], required: true },
    fallbackFrom: { type: String },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    attempts: { type: Number, required: true },
    interruptedAttempts: { type: Number, required: true },
    dueAt: { type: Date, required: true },
    jobId: { type: String, required: true },
    leaseUntil: { type: Date, default: null },
    claimToken: { type: String, default: null },
    reason: { type: String },
    permanent: { type: Boolean },
    sentAt: { type: Date },
    failedAt: { type: Date },
    fallbackPending: { type: Boolean },
    fallbackChannel: { type: String },
    digestDay: { type: String },
    digestId: { type: String },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
addOutbox(deliverySchema);
// Serves GET /deliveries?sourceEventId= and the channels already used for a recipient (fallback).
deliverySchema.index({ sourceEventId: 1, recipientPersonId: 1 });
// Serves GET /deliveries?recipientPersonId=.
deliverySchema.index({ recipientPersonId: 1, createdAt: -1 });
// Serves GET /deliveries?aggregateKey= (a case's notifications).
deliverySchema.index({ aggregateKey: 1, createdAt: -1 });
// Serves a digest run: a person's held deliveries on one channel.
deliverySchema.index({ recipientPersonId: 1, channel: 1, status: 1 });
// Serves the recovery sweep: unfinished deliveries by due time.
deliverySchema.index({ status: 1, dueAt: 1 });

export const DELIVERY_SETTLEMENT_MODEL = 'DeliverySettlement';

/**
 * A single delivery's success, inserted once and never updated: on FerretDB an insert in a shared bulk
 * costs a fraction of an update by `_id` (about 1 ms of its CPU, which does not shrink with the document;
 * `bench:db-statements`, README), and the primary key is the guard — the first settlement of a notification id
 * wins, a second one is refused. The delivery record stays as planned (`queued`, or `retrying` after a
 * failed attempt); what it stands at is the record with its settlement (`settled`). Digests and failures
 * still update the record: they are rare.
 */
export interface DeliverySettlement extends WithOutbox {
  /** The notification id (the delivery record's `_id`). */
  _id: string;
  status: 'sent';
  sentAt: Date;
  attempts: number;
  interruptedAttempts: number;
}

export const deliverySettlementSchema = new Schema<DeliverySettlement>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['sent'], required: true },
    sentAt: { type: Date, required: true },
    attempts: { type: Number, required: true },
    interruptedAttempts: { type: Number, required: true },
  },
  { versionKey: false, minimize: false, collection: 'delivery_settlements' },
);
addOutbox(deliverySettlementSchema);

/** The delivery as it stands: a record still open (`queued`, `retrying`) takes its settlement's outcome. */
export function settled<T extends Pick<DeliveryRecord, 'status'>>(record: T, settlement: DeliverySettlement | null | undefined): T {
  if (!settlement || (record.status !== 'queued' && record.status !== 'retrying')) return record;
  const { sentAt, attempts, interruptedAttempts } = settlement;
  return { ...record, status: 'sent', sentAt, attempts, interruptedAttempts, leaseUntil: null, updatedAt: sentAt };
}

const SOURCE_FIELDS = [
  'sourceEventId',
  'sourceTopic',
  'sourceType',
  'sourceOccurredAt',
  'aggregateKey',
  'correlationId',
  'recipientPersonId',
  'category',
  'urgency',
  'language',
  'timeZone',
  'facts',
] as const;

export type DeliverySource = Pick<DeliveryRecord, (typeof SOURCE_FIELDS)[number]>;

/** A new delivery, not yet attempted; only the source's fields are copied, whatever else `source` carries. */
export function newDeliveryRecord(
  source: DeliverySource,
  delivery: Pick<DeliveryRecord, '_id' | 'channel' | 'role' | 'dueAt'> & { fallbackFrom?: DeliveryChannel },
  digest?: { day: string; jobId: string },
): DeliveryRecord {
  const copied = Object.fromEntries(SOURCE_FIELDS.map((field) => [field, source[field]])) as DeliverySource;
  return {
    ...copied,
    ...delivery,
    status: digest ? 'digest-pending' : 'queued',
    ...(digest ? { digestDay: digest.day } : {}),
    attempts: 0,
    interruptedAttempts: 0,
    jobId: digest?.jobId ?? delivery._id,
    leaseUntil: null,
    claimToken: null,
    outbox: [],
  };
}
