import { defineJob } from '@ctip/scheduling';
import { z } from 'zod';
import type { DeliveryChannel, Urgency } from '../channels/notification-channel';

const deliverSchema = z.object({ notificationId: z.string().min(1) });

/** One queue per channel, so each has its own rate limit. Queue names are part of the deployment: renaming one is a migration. */
export const DELIVERY_JOBS = {
  email: defineJob('notify-email', 'deliver', deliverSchema),
  sms: defineJob('notify-sms', 'deliver', deliverSchema),
  webhook: defineJob('notify-webhook', 'deliver', deliverSchema),
  'in-app': defineJob('notify-inapp', 'deliver', deliverSchema),
} as const satisfies Record<DeliveryChannel, unknown>;

/** BullMQ priority: lower runs first, so a critical alert overtakes a queue of normal notices. */
export const URGENCY_PRIORITY: Record<Urgency, number> = { critical: 1, high: 2, normal: 3 };

export function isUrgent(urgency: Urgency): boolean {
  return urgency === 'critical' || urgency === 'high';
}
