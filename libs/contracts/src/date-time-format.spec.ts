import { dateTimeFormat } from './date-time-format';

describe(dateTimeFormat.name, () => {
  it('makes one format per locale and options and reuses it', () => {
    const warsaw = dateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(dateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' })).toBe(warsaw);
    const tokyo = dateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(tokyo).not.toBe(warsaw);
    // 23:30 UTC on 31 March 2027 is already 1 April in Warsaw (CEST) and in Tokyo.
    const at = new Date('2027-03-31T23:30:00Z');
    expect([warsaw.format(at), tokyo.format(at), dateTimeFormat('en-CA', { timeZone: 'UTC' }).format(at)]).toEqual([
      '2027-04-01',
      '2027-04-01',
      '2027-03-31',
    ]);
  });
});
