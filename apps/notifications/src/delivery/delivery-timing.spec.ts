import { digestSlot, heldForDigest } from './delivery-timing';

describe(digestSlot.name, () => {
  const slot = (now: string, timeZone: string, hourLocal = 8, quietHours: { start: string; end: string } | null = null) => {
    const { day, dueAt } = digestSlot({ now: new Date(now), timeZone, hourLocal, preference: { quietHours } });
    return [day, dueAt.toISOString()];
  };

  it('is due at the next digest hour in the person’s own time zone, today or tomorrow', () => {
    // 06:30 in Chisinau (UTC+2 in winter): today at 08:00 local.
    expect(slot('2026-01-10T04:30:00Z', 'Europe/Chisinau')).toEqual(['2026-01-10', '2026-01-10T06:00:00.000Z']);
    // 08:00 exactly has passed: tomorrow.
    expect(slot('2026-01-10T06:00:00Z', 'Europe/Chisinau')).toEqual(['2026-01-11', '2026-01-11T06:00:00.000Z']);
    // 23:30 UTC is already the next day in Almaty (UTC+5), 04:30 there: 08:00 that day.
    expect(slot('2026-06-01T23:30:00Z', 'Asia/Almaty')).toEqual(['2026-06-02', '2026-06-02T03:00:00.000Z']);
    // And still the previous day in New York (UTC-4 in summer), 19:30: 08:00 the next day.
    expect(slot('2026-06-01T23:30:00Z', 'America/New_York')).toEqual(['2026-06-02', '2026-06-02T12:00:00.000Z']);
    // Month and year boundaries.
    expect(slot('2026-12-31T10:00:00Z', 'UTC')).toEqual(['2027-01-01', '2027-01-01T08:00:00.000Z']);
  });

  it('keeps local 08:00 across daylight-saving changes', () => {
    // Vienna springs forward on 29 March 2026 (UTC+1 → UTC+2) and falls back on 25 October 2026.
    expect(slot('2026-03-28T20:00:00Z', 'Europe/Vienna')).toEqual(['2026-03-29', '2026-03-29T06:00:00.000Z']);
    expect(slot('2026-03-27T20:00:00Z', 'Europe/Vienna')).toEqual(['2026-03-28', '2026-03-28T07:00:00.000Z']);
    expect(slot('2026-10-24T20:00:00Z', 'Europe/Vienna')).toEqual(['2026-10-25', '2026-10-25T07:00:00.000Z']);
    // An hour the change skips (02:00 on the spring-forward night) resolves to just after the gap.
    expect(slot('2026-03-28T20:00:00Z', 'Europe/Vienna', 2)).toEqual(['2026-03-29', '2026-03-29T01:00:00.000Z']);
  });

  it('waits for the end of quiet hours when the digest hour falls inside them', () => {
    expect(slot('2026-01-10T12:00:00Z', 'Europe/Chisinau', 8, { start: '22:00', end: '09:30' })).toEqual([
      '2026-01-11',
      '2026-01-11T07:30:00.000Z',
    ]);
    expect(slot('2026-01-10T12:00:00Z', 'Europe/Chisinau', 8, { start: '22:00', end: '07:00' })).toEqual([
      '2026-01-11',
      '2026-01-11T06:00:00.000Z',
    ]);
  });
});

describe(heldForDigest.name, () => {
  it('holds non-critical notices of a person who asked for digests, never a critical one or the in-app inbox', () => {
    const digest = { digest: true };
    expect(heldForDigest({ urgency: 'normal', channel: 'email', preference: digest })).toBe(true);
    expect(heldForDigest({ urgency: 'high', channel: 'webhook', preference: digest })).toBe(true);
    expect(heldForDigest({ urgency: 'critical', channel: 'email', preference: digest })).toBe(false);
    expect(heldForDigest({ urgency: 'normal', channel: 'in-app', preference: digest })).toBe(false);
    expect(heldForDigest({ urgency: 'normal', channel: 'email', preference: { digest: false } })).toBe(false);
  });
});
