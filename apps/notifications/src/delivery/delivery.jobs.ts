import { CONTACT_CHANNELS } from '@ctip/contracts';
import { defineJob, jobId } from '@ctip/scheduling';
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

/**
 * One digest per (person, channel, local day), id `jobId('digest', personId, channel, day)`; delayed until
 * the digest is due. One queue for all channels: a digest is one message per person a day.
 */
export const DIGEST_JOB = defineJob(
  'notify-digest',
  'send-digest',
  z.object({ personId: z.string().min(1), channel: z.enum(CONTACT_CHANNELS), day: z.iso.date() }),
);

export function digestJobId(personId: string, channel: DeliveryChannel, day: string): string {
  return jobId('digest', personId, channel, day);
}

/** BullMQ priority: lower runs first, so a critical alert overtakes a queue of normal notices. */
export const URGENCY_PRIORITY: Record<Urgency, number> = { critical: 1, high: 2, normal: 3 };

export function isUrgent(urgency: Urgency): boolean {
  return urgency === 'critical' || urgency === 'high';
}
