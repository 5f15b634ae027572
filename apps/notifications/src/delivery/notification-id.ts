import { jobId } from '@ctip/scheduling';
import type { DeliveryChannel } from '../channels/notification-channel';

/**
 * The notification id, also the delivery's first job id, the email Message-ID and the Idempotency-Key:
 * the same (source event, recipient, channel) always gets the same one, however often it is processed.
 */
export function notificationIdOf(sourceEventId: string, personId: string, channel: DeliveryChannel): string {
  return jobId(sourceEventId, personId, channel);
}
