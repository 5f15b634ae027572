import type { DeliveryChannel, Urgency } from '../channels/notification-channel';
import type { EffectivePreference } from '../preferences/preference-settings';
import { QuietHours } from '../preferences/quiet-hours';

/**
 * When a delivery may go out: at once for critical alerts and for the in-app inbox (silent), otherwise
 * after the person's quiet hours if `now` falls inside them.
 */
export function deliveryDueAt(input: {
  urgency: Urgency;
  channel: DeliveryChannel;
  preference: Pick<EffectivePreference, 'quietHours'>;
  timeZone: string;
  now: Date;
}): Date {
  const { urgency, channel, preference, timeZone, now } = input;
  if (urgency === 'critical' || channel === 'in-app' || !preference.quietHours) return now;
  return new QuietHours(preference.quietHours, timeZone).endOfQuietPeriod(now) ?? now;
}
