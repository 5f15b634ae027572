import { personalDataProblem } from './personal-data';

describe(personalDataProblem.name, () => {
  it('refuses an email address or an international telephone number', () => {
    expect(personalDataProblem('contact her at olga.p@example.org today')).toMatch(/email/);
    expect(personalDataProblem('call +373 22 123 456')).toMatch(/telephone/);
    expect(personalDataProblem('call +37322123456')).toMatch(/telephone/);
  });

  it('accepts case references, amounts and dates', () => {
    expect(
      personalDataProblem('Shelter place for the person in case RR-2026-000123 from 3 March; EUR 15,000 or 1500000 cents.'),
    ).toBeUndefined();
  });
});
