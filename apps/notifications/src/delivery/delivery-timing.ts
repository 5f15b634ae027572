import type { DeliveryChannel, Urgency } from '../channels/notification-channel';
import { LocalClock } from '../preferences/local-clock';
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

/**
 * Whether a delivery is held for the daily digest: the person asked for digests of a category that allows
 * them (`preference.digest` is only ever true for those), and it is not critical. The in-app inbox is not
 * digested: it is silent and already a list.
 */
export function heldForDigest(input: {
  urgency: Urgency;
  channel: DeliveryChannel;
  preference: Pick<EffectivePreference, 'digest'>;
}): boolean {
  return input.preference.digest && input.urgency !== 'critical' && input.channel !== 'in-app';
}

export interface DigestSlot {
  /** The person's local date of the digest, `yyyy-mm-dd`: one digest per (person, channel, day). */
  day: string;
  /** The next `hourLocal`:00 in the person's time zone after `now`, moved past their quiet hours. */
  dueAt: Date;
}

/** The digest a notice held at `now` goes into. */
export function digestSlot(input: {
  now: Date;
  timeZone: string;
  hourLocal: number;
  preference: Pick<EffectivePreference, 'quietHours'>;
}): DigestSlot {
  const { now, timeZone, hourLocal, preference } = input;
  const clock = new LocalClock(timeZone);
  const local = clock.wallClock(now);
  let day = local.day;
  let at = clock.instantOf(local.year, local.month, day, hourLocal * 60);
  if (at.getTime() <= now.getTime()) {
    day += 1;
    at = clock.instantOf(local.year, local.month, day, hourLocal * 60);
  }
  const quiet = preference.quietHours ? new QuietHours(preference.quietHours, timeZone).endOfQuietPeriod(at) : null;
  return { day: LocalClock.isoDate(local.year, local.month, day), dueAt: quiet ?? at };
}
