import { fundInstant, fundLocalIso, nextCycleId } from './fund-time';

describe(fundInstant.name, () => {
  it('reads a wall-clock cut-off in the fund time zone, summer and winter', () => {
    expect(fundInstant('2027-03-31T23:59', 'Europe/Warsaw')?.toISOString()).toBe('2027-03-31T21:59:00.000Z');
    expect(fundInstant('2027-12-31T23:59:30', 'Europe/Warsaw')?.toISOString()).toBe('2027-12-31T22:59:30.000Z');
  });

  it('takes an instant with an offset as it is', () => {
    expect(fundInstant('2027-03-31T21:59:00Z', 'Europe/Warsaw')?.toISOString()).toBe('2027-03-31T21:59:00.000Z');
    expect(fundInstant('2027-03-31T23:59:00+02:00', 'Asia/Tokyo')?.toISOString()).toBe('2027-03-31T21:59:00.000Z');
  });

  it('refuses a date that does not exist', () => {
    expect(fundInstant('2027-02-30T10:00', 'Europe/Warsaw')).toBeUndefined();
    expect(fundInstant('2027-02-30T10:00Z', 'Europe/Warsaw')).toBeUndefined(); // with an offset too: no roll-over into March
    expect(fundInstant('2027-04-31T10:00:00+02:00', 'Europe/Warsaw')).toBeUndefined();
  });
});

describe(fundLocalIso.name, () => {
  it('shows an instant as the fund’s wall-clock time with its offset', () => {
    expect(fundLocalIso(new Date('2027-03-31T21:59:00Z'), 'Europe/Warsaw')).toBe('2027-03-31T23:59:00+02:00');
    expect(fundLocalIso(new Date('2027-01-10T12:00:00Z'), 'America/New_York')).toBe('2027-01-10T07:00:00-05:00');
  });
});

describe(nextCycleId.name, () => {
  it('moves to the next quarter and over the year end', () => {
    expect(nextCycleId('2027-Q1')).toBe('2027-Q2');
    expect(nextCycleId('2027-Q4')).toBe('2028-Q1');
  });
});
