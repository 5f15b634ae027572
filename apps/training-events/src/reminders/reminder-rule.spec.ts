import { planReminders, DEFAULT_REMINDER_RULES } from './reminder-rule';

const startsAt = '2026-10-02T09:00:00+05:00'; // the Turkmenbashy training, Asia/Ashgabat
const before = new Date('2026-09-01T00:00:00Z');

describe(planReminders.name, () => {
  it('reminds 7 days and 1 day before at 09:00 in each participant’s own time zone', () => {
    const ashgabat = planReminders(startsAt, 'Asia/Ashgabat', DEFAULT_REMINDER_RULES, before);
    const vienna = planReminders(startsAt, 'Europe/Vienna', DEFAULT_REMINDER_RULES, before);
    expect(ashgabat.map((r) => [r.reminderId, r.dueAt.toISOString()])).toEqual([
      ['d7-0900', '2026-09-25T04:00:00.000Z'],
      ['d1-0900', '2026-10-01T04:00:00.000Z'],
    ]);
    // 2 October 09:00 in Ashgabat is 06:00 on 2 October in Vienna (summer time, UTC+2).
    expect(vienna.map((r) => [r.reminderId, r.dueAt.toISOString()])).toEqual([
      ['d7-0900', '2026-09-25T07:00:00.000Z'],
      ['d1-0900', '2026-10-01T07:00:00.000Z'],
    ]);
  });

  it('counts days from the start date as the participant sees it, which may be another day than the venue’s', () => {
    // 01:00 on 2 October in Ashgabat is still 1 October (22:00) in Vienna.
    const [vienna] = planReminders('2026-10-02T01:00:00+05:00', 'Europe/Vienna', [{ daysBefore: 1, at: '09:00' }], before);
    expect(vienna.dueAt.toISOString()).toBe('2026-09-30T07:00:00.000Z');
  });

  it('follows daylight-saving changes: 09:00 stays 09:00 local across the autumn change', () => {
    const [reminder] = planReminders('2026-10-26T08:00:00Z', 'Europe/Vienna', [{ daysBefore: 7, at: '09:00:30' }], before);
    // 19 October is still summer time in Vienna (UTC+2); the event day is winter time.
    expect(reminder.dueAt.toISOString()).toBe('2026-10-19T07:00:30.000Z');
  });

  it('leaves out reminders whose moment has passed or that would come after the start, and repeated rules', () => {
    const late = new Date('2026-09-28T00:00:00Z');
    expect(planReminders(startsAt, 'Asia/Ashgabat', DEFAULT_REMINDER_RULES, late).map((r) => r.reminderId)).toEqual(['d1-0900']);
    const sameDay = planReminders(
      startsAt,
      'Asia/Ashgabat',
      [
        { daysBefore: 0, at: '10:00' },
        { daysBefore: 0, at: '08:00' },
        { daysBefore: 0, at: '08:00' },
      ],
      before,
    );
    expect(sameDay.map((r) => r.reminderId)).toEqual(['d0-0800']);
  });
});
