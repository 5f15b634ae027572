import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { CONTACT_CHANNELS } from '../common.schema';

/** A notification reached its channel (accepted by the SMTP server, the SMS gateway, the webhook, the inbox). */
export const notificationDeliveredSchema = z.object({
  notificationId: z.string().min(1),
  /** The event that caused the notification, and its aggregate (e.g. the case): the source files the report there. */
  sourceEventId: z.uuid(),
  sourceType: z.string().min(1),
  aggregateKey: z.string().min(1),
  recipientPersonId: z.string().min(1),
  channel: z.enum([...CONTACT_CHANNELS, 'in-app']),
  attempts: z.number().int().min(1),
  deliveredAt: z.iso.datetime({ offset: true }),
});
export type NotificationDelivered = z.infer<typeof notificationDeliveredSchema>;

export const notificationDelivered = defineEvent('notification.delivered.v1', notificationDeliveredSchema, {
  description: 'A notification was accepted by its channel; keyed by the source aggregate so its timeline stays in order.',
  keyField: 'aggregateKey',
});
