import { caseIdFor, referralIdFor } from './case-id';

describe(caseIdFor.name, () => {
  it('gives the same report the same id, and different reports different ids', () => {
    expect(caseIdFor('fp-md-primary/key-1')).toBe(caseIdFor('fp-md-primary/key-1'));
    expect(caseIdFor('fp-md-primary/key-1')).not.toBe(caseIdFor('fp-md-primary/key-2'));
    expect(caseIdFor('fp-md-primary/key-1')).not.toBe(caseIdFor('fp-al-primary/key-1'));
  });

  it('is shaped as a version 8 UUID and does not carry the key', () => {
    const id = caseIdFor('hotline/report-42');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).not.toContain('42');
  });
});

describe(referralIdFor.name, () => {
  it('gives a retried referral the same id, another case or key another, and never a case id', () => {
    expect(referralIdFor('case-1', 'fp-al/key-1')).toBe(referralIdFor('case-1', 'fp-al/key-1'));
    expect(referralIdFor('case-1', 'fp-al/key-1')).not.toBe(referralIdFor('case-2', 'fp-al/key-1'));
    expect(referralIdFor('case-1', 'fp-al/key-1')).not.toBe(referralIdFor('case-1', 'fp-al/key-2'));
    expect(referralIdFor('case-1', 'fp-al/key-1')).not.toBe(caseIdFor('case-1\u0000fp-al/key-1'));
  });
});
