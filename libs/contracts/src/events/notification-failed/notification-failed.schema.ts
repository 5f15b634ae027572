import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { CONTACT_CHANNELS } from '../common.schema';

/** A notification could not be delivered on a channel (no address is included). */
export const notificationFailedSchema = z.object({
  notificationId: z.string().min(1),
  /** The event that caused the notification, and its aggregate (e.g. the case): the source files the report there. */
  sourceEventId: z.uuid(),
  sourceType: z.string().min(1),
  aggregateKey: z.string().min(1),
  recipientPersonId: z.string().min(1),
  channel: z.enum([...CONTACT_CHANNELS, 'in-app']),
  attempts: z.number().int().min(1),
  permanent: z.boolean(),
  reason: z.string().min(1).max(500),
  failedAt: z.iso.datetime({ offset: true }),
});
export type NotificationFailed = z.infer<typeof notificationFailedSchema>;

export const notificationFailed = defineEvent('notification.failed.v1', notificationFailedSchema, {
  description: 'A notification failed on a channel, with the reason and whether it is permanent; keyed by the source aggregate.',
  keyField: 'aggregateKey',
});
