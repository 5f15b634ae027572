import { deliveryDueAt } from '../delivery/delivery-timing';
import { QuietHours } from './quiet-hours';

describe(QuietHours.name, () => {
  it('ends a window that wraps past midnight on the next local morning', () => {
    const quiet = new QuietHours({ start: '22:00', end: '07:00' }, 'Europe/Chisinau'); // UTC+2 in winter
    expect(quiet.endOfQuietPeriod(new Date('2026-01-10T21:30:00Z'))).toEqual(new Date('2026-01-11T05:00:00Z')); // 23:30 local
    expect(quiet.endOfQuietPeriod(new Date('2026-01-11T01:00:00Z'))).toEqual(new Date('2026-01-11T05:00:00Z')); // 03:00 local
    expect(quiet.endOfQuietPeriod(new Date('2026-01-11T05:00:00Z'))).toBeNull(); // 07:00 local: over
    expect(quiet.endOfQuietPeriod(new Date('2026-01-11T12:00:00Z'))).toBeNull();
  });

  it('uses the person’s own time zone, not the server’s', () => {
    const almaty = new QuietHours({ start: '13:00', end: '14:30' }, 'Asia/Almaty'); // UTC+5
    expect(almaty.endOfQuietPeriod(new Date('2026-06-01T08:10:00Z'))).toEqual(new Date('2026-06-01T09:30:00Z'));
    expect(almaty.endOfQuietPeriod(new Date('2026-06-01T13:10:00Z'))).toBeNull();
  });

  it('holds across a daylight-saving change', () => {
    // Vienna moves from UTC+1 to UTC+2 at 02:00 local on 29 March 2026: the night is one hour shorter.
    const vienna = new QuietHours({ start: '22:00', end: '07:00' }, 'Europe/Vienna');
    expect(vienna.endOfQuietPeriod(new Date('2026-03-28T22:00:00Z'))).toEqual(new Date('2026-03-29T05:00:00Z'));
    // And back on 25 October 2026.
    expect(vienna.endOfQuietPeriod(new Date('2026-10-24T21:00:00Z'))).toEqual(new Date('2026-10-25T06:00:00Z'));
    // A window ending at a time the change skips ends just after the gap.
    const gap = new QuietHours({ start: '01:00', end: '02:30' }, 'Europe/Vienna');
    expect(gap.endOfQuietPeriod(new Date('2026-03-29T00:30:00Z'))).toEqual(new Date('2026-03-29T01:30:00Z'));
  });

  it('delays a normal notice to the end of quiet hours but never a critical alert or the in-app inbox', () => {
    const preference = { quietHours: { start: '22:00', end: '07:00' } };
    const now = new Date('2026-01-10T21:30:00Z');
    const at = (urgency: 'critical' | 'high' | 'normal', channel: 'email' | 'in-app') =>
      deliveryDueAt({ urgency, channel, preference, timeZone: 'Europe/Chisinau', now });
    expect(at('normal', 'email')).toEqual(new Date('2026-01-11T05:00:00Z'));
    expect(at('high', 'email')).toEqual(new Date('2026-01-11T05:00:00Z'));
    expect(at('critical', 'email')).toEqual(now);
    expect(at('normal', 'in-app')).toEqual(now);
    expect(deliveryDueAt({ urgency: 'normal', channel: 'sms', preference: { quietHours: null }, timeZone: 'UTC', now })).toEqual(now);
  });
});
