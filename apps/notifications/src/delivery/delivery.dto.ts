import { CONTACT_CHANNELS, urgencySchema } from '@ctip/contracts';
import { z } from 'zod';
import { DELIVERY_CHANNELS } from '../channels/notification-channel';
import { DELIVERY_STATUSES } from './delivery.schema';

const isoDateTime = z.iso.datetime({ offset: true });

/** A delivery record as GET /deliveries shows it: no facts, claim token or outbox. */
export const deliveryViewSchema = z.looseObject({
  _id: z.string().describe('The notification id.'),
  sourceEventId: z.string(),
  sourceTopic: z.string(),
  sourceType: z.string(),
  sourceOccurredAt: isoDateTime,
  aggregateKey: z.string(),
  recipientPersonId: z.string(),
  channel: z.enum(DELIVERY_CHANNELS),
  category: z.string(),
  urgency: urgencySchema,
  language: z.string(),
  timeZone: z.string(),
  role: z.enum(['primary', 'fallback']),
  fallbackFrom: z.enum(DELIVERY_CHANNELS).optional(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  interruptedAttempts: z.number().int(),
  dueAt: isoDateTime,
  jobId: z.string(),
  leaseUntil: isoDateTime.nullable(),
  reason: z.string().optional(),
  permanent: z.boolean().optional(),
  sentAt: isoDateTime.optional(),
  failedAt: isoDateTime.optional(),
  fallbackPending: z.boolean().optional(),
  fallbackChannel: z.enum(CONTACT_CHANNELS).optional(),
  digestDay: z.iso.date().optional(),
  digestId: z.string().optional(),
  createdAt: isoDateTime.optional(),
  updatedAt: isoDateTime.optional(),
});
