import { CONTACT_CHANNELS, eventEnvelopeSchema } from '@ctip/contracts';
import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';
import type { DeliveryChannel, Urgency } from '../channels/notification-channel';

const deliverSchema = z.object({ notificationId: z.string().min(1) });

/** A lane's queues, one per channel, so each has its own rate limit: `notify-<channel><suffix>`. */
function laneJobs(suffix: string) {
  return {
    email: defineJob(`notify-email${suffix}`, 'deliver', deliverSchema),
    sms: defineJob(`notify-sms${suffix}`, 'deliver', deliverSchema),
    webhook: defineJob(`notify-webhook${suffix}`, 'deliver', deliverSchema),
    'in-app': defineJob(`notify-inapp${suffix}`, 'deliver', deliverSchema),
  } as const satisfies Record<DeliveryChannel, unknown>;
}

/** Queue names are part of the deployment: renaming one is a migration. */
export const DELIVERY_JOBS = laneJobs('');

/**
 * The urgent lane: critical and high deliveries have queues and workers of their own per channel, so they
 * never wait for a free worker or the rate limiter behind a meeting's fan-out (priorities order only the
 * waiting jobs of one queue, not the ones already running).
 */
export const URGENT_DELIVERY_JOBS = laneJobs('-urgent');

/** The queue of a delivery: its channel's, in the urgent lane or the other. */
export function deliveryJob(channel: DeliveryChannel, urgency: Urgency) {
  return (isUrgent(urgency) ? URGENT_DELIVERY_JOBS : DELIVERY_JOBS)[channel];
}

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

/**
 * A notice whose recipients outside the directory were not known yet: it is dispatched again for them
 * alone, with backoff, until their sealed contact points arrive or the attempts run out (then the event is
 * dead-lettered). Id `jobId('pending-recipients', envelopeId)`. The envelope is the notice event as
 * published: identifiers and event facts, no contact details (those only travel sealed).
 */
export const PENDING_RECIPIENTS_JOB = defineJob(
  'notify-pending-recipients',
  'redispatch',
  z.object({ topic: z.string().min(1), envelope: eventEnvelopeSchema, recipientIds: z.array(z.string().min(1)).min(1) }),
);

/** BullMQ priority: lower runs first, so a critical alert overtakes a queue of normal notices. */
export const URGENCY_PRIORITY: Record<Urgency, number> = { critical: 1, high: 2, normal: 3 };

export function isUrgent(urgency: Urgency): boolean {
  return urgency === 'critical' || urgency === 'high';
}
