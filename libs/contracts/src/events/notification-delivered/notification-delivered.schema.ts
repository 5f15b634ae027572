import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { notificationReportSchema } from '../common.schema';

/** A notification reached its channel (accepted by the SMTP server, the SMS gateway, the webhook, the inbox). */
export const notificationDeliveredSchema = notificationReportSchema.extend({
  deliveredAt: z.iso.datetime({ offset: true }),
});
export type NotificationDelivered = z.infer<typeof notificationDeliveredSchema>;

export const notificationDelivered = defineEvent('notification.delivered.v1', notificationDeliveredSchema, {
  description: 'A notification was accepted by its channel; keyed by the source aggregate so its timeline stays in order.',
  keyField: 'aggregateKey',
});
