import { dateTimeFormat } from '@ctip/contracts';
import { z } from 'zod';

/** `2027-03-31T23:59` (read in the fund's time zone) or an instant with its offset (`2027-03-31T21:59:00Z`). */
export const fundDateTimeSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/,
    'must be a date-time such as 2027-03-31T23:59 (in the fund time zone) or 2027-03-31T21:59:00Z',
  );

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** The offset of a time zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = dateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a fund date-time names: as given when it carries an offset, else read as wall-clock time in
 * `timeZone` (a time skipped by a daylight-saving change moves forward by the gap). Returns undefined for a
 * date that does not exist (2027-02-30).
 */
export function fundInstant(text: string, timeZone: string): Date | undefined {
  const local = LOCAL.exec(text);
  if (!local) {
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime())) return undefined;
    // Date parsing rolls 2027-02-30 over into March: the calendar date as written must exist.
    const [year, month, day] = text.slice(0, 10).split('-').map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? instant : undefined;
  }
  const [year, month, day, hour, minute, second = '0', ms = '0'] = local.slice(1);
  const wall = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, +ms.padEnd(3, '0'));
  const check = new Date(wall);
  if (check.getUTCMonth() !== +month - 1 || check.getUTCDate() !== +day || +hour > 23 || +minute > 59) return undefined;
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return new Date(guess);
}

/** `2027-03-31T23:59:00+02:00`: an instant as wall-clock time in the fund's time zone, with its offset. */
export function fundLocalIso(instant: Date, timeZone: string): string {
  const offset = offsetMs(instant.getTime(), timeZone);
  const wall = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60_000;
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The quarter after `2027-Q4` is `2028-Q1`. */
export function nextCycleId(cycleId: string): string {
  const [year, quarter] = [Number(cycleId.slice(0, 4)), Number(cycleId.slice(6))];
  return quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
}
