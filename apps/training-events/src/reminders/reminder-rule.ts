import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * One reminder: `at` o'clock on the calendar day `daysBefore` days before the event's start date, both as
 * the participant counts them in their own time zone (09:00 seven days before, in Ashgabat or in Vienna).
 */
export const reminderRuleSchema = z
  .object({
    daysBefore: z.number().int().min(0).max(365).describe('Calendar days before the start date, in the participant’s time zone.'),
    at: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be a local time HH:mm or HH:mm:ss')
      .describe('Local time of day in the participant’s time zone.'),
  })
  .strict();
export type ReminderRule = z.output<typeof reminderRuleSchema>;

/** What an event gets when its organiser sets nothing: 7 days and 1 day before, at 09:00 local time. */
export const DEFAULT_REMINDER_RULES: readonly ReminderRule[] = [
  { daysBefore: 7, at: '09:00' },
  { daysBefore: 1, at: '09:00' },
];

export interface PlannedReminder {
  /** Stable for the rule: `d7-0900`, so a job id names the rule it came from. */
  reminderId: string;
  daysBefore: number;
  dueAt: Date;
}

export const reminderIdOf = (rule: ReminderRule) => `d${rule.daysBefore}-${rule.at.replace(/:/g, '')}`;

/**
 * The instants a participant in `timeZone` is reminded of an event starting at `startsAt`, for the
 * reminders still ahead of `now` (a reminder whose moment passed before the seat was confirmed is not
 * sent late). A local time that does not exist on a daylight-saving day moves forward, as luxon does.
 */
export function planReminders(startsAt: string, timeZone: string, rules: readonly ReminderRule[], now: Date): PlannedReminder[] {
  const startDay = DateTime.fromISO(startsAt, { zone: timeZone }).startOf('day');
  if (!startDay.isValid) throw new Error(`cannot read ${startsAt} in ${timeZone}`);
  const start = Date.parse(startsAt);
  const seen = new Set<string>();
  const planned: PlannedReminder[] = [];
  for (const rule of rules) {
    const reminderId = reminderIdOf(rule);
    if (seen.has(reminderId)) continue;
    seen.add(reminderId);
    const [hour, minute, second = 0] = rule.at.split(':').map(Number);
    const due = startDay.minus({ days: rule.daysBefore }).set({ hour, minute, second, millisecond: 0 });
    const dueAt = due.toJSDate();
    if (dueAt.getTime() <= now.getTime() || dueAt.getTime() >= start) continue;
    planned.push({ reminderId, daysBefore: rule.daysBefore, dueAt });
  }
  return planned.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
