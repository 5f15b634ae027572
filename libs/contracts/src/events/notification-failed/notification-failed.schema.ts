import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { notificationReportSchema } from '../common.schema';

/** A notification could not be delivered on a channel (no address is included). */
export const notificationFailedSchema = notificationReportSchema.extend({
  permanent: z.boolean(),
  reason: z.string().min(1).max(500),
  failedAt: z.iso.datetime({ offset: true }),
});
export type NotificationFailed = z.infer<typeof notificationFailedSchema>;

export const notificationFailed = defineEvent('notification.failed.v1', notificationFailedSchema, {
  description: 'A notification failed on a channel, with the reason and whether it is permanent; keyed by the source aggregate.',
  keyField: 'aggregateKey',
});
