import { screenProposal, type ScreeningFacts } from './screening-checklist';

const facts = (over: Partial<ScreeningFacts> = {}): ScreeningFacts => ({
  organisationKinds: ['field-presence', 'partner'],
  antiTraffickingPurpose: true,
  activityTypes: ['hotline', 'direct-assistance'],
  amountRequested: 4_200_000,
  currency: 'EUR',
  fundCurrency: 'EUR',
  projectLimit: 15_000_000,
  ...over,
});

describe(screenProposal.name, () => {
  it('finds a field operation’s hotline within the limit eligible', () => {
    expect(screenProposal(facts())).toEqual({
      checks: {
        'field-operation-involved': true,
        'anti-trafficking-purpose': true,
        'supported-activity': true,
        'within-project-limit': true,
      },
      outcome: 'eligible',
      failedChecks: [],
      reasons: [],
    });
  });

  it('counts a field presence among the implementing partners as a field operation involved', () => {
    expect(screenProposal(facts({ organisationKinds: ['coordination-unit', 'field-presence'] })).outcome).toBe('eligible');
  });

  it('is ineligible with a reason for each failed check', () => {
    const result = screenProposal(
      facts({ organisationKinds: ['partner'], antiTraffickingPurpose: false, activityTypes: ['other'], amountRequested: 15_000_001 }),
    );
    expect(result.outcome).toBe('ineligible');
    expect(result.failedChecks).toEqual([
      'field-operation-involved',
      'anti-trafficking-purpose',
      'supported-activity',
      'within-project-limit',
    ]);
    expect(result.reasons).toHaveLength(4);
    expect(result.reasons[3]).toBe('the amount requested (EUR 150000.01) exceeds the per-project limit of EUR 150000.00');
  });

  it('accepts exactly the limit', () => {
    expect(screenProposal(facts({ amountRequested: 15_000_000 })).failedChecks).toEqual([]);
  });
});
