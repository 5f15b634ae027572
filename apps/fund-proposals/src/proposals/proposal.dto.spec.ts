import { moldovaHotlineContent } from './proposal-content.fixture';
import { compareQuerySchema, proposalContentSchema, revisionRequestSchema, updateProposalSchema } from './proposal.dto';

const problems = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string; code: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => ({ field: issue.path.join('.'), code: issue.code, reason: issue.message }));

describe('proposal content schema', () => {
  it('accepts a complete proposal and fills the defaults', () => {
    const { budget, ...rest } = moldovaHotlineContent();
    const parsed = proposalContentSchema.parse({ ...rest, budget: { lines: budget.lines, amountRequested: 1_000 } });
    expect(parsed.budget).toMatchObject({ coFunding: 0, amountRequested: 1_000 });
    expect(parsed.budget.currency).toBeUndefined();
  });

  it('names each malformed field', () => {
    const content = moldovaHotlineContent();
    const result = proposalContentSchema.safeParse({
      ...content,
      title: '  ',
      language: 'de',
      countries: ['Moldova'],
      activityTypes: ['party'],
      budget: { ...content.budget, lines: [{ category: 'staff', description: 'x', amount: 10.5 }] },
      criteriaStatements: { impact: 'yes' },
      extra: true,
    });
    expect(problems(result).map((p) => p.field)).toEqual(
      expect.arrayContaining([
        'title',
        'language',
        'countries.0',
        'activityTypes.0',
        'budget.lines.0.amount',
        'criteriaStatements.national-partners',
        'criteriaStatements.state-ngo-cooperation',
        'criteriaStatements.regional-networking',
        '',
      ]),
    );
  });

  it('refuses an end before the start and a request above the lines less co-funding, as rules (custom issues)', () => {
    const content = moldovaHotlineContent();
    const result = proposalContentSchema.safeParse({
      ...content,
      plannedEnd: '2027-03-31',
      budget: { ...content.budget, amountRequested: 4_200_001 },
    });
    expect(problems(result)).toEqual([
      { field: 'plannedEnd', code: 'custom', reason: 'must be after plannedStart' },
      { field: 'budget.amountRequested', code: 'custom', reason: "must not exceed the budget lines' total less co-funding (4200000)" },
    ]);
  });

  it('refuses co-funding above the budget', () => {
    const content = moldovaHotlineContent();
    const result = proposalContentSchema.safeParse({ ...content, budget: { ...content.budget, coFunding: 5_000_000 } });
    expect(problems(result).map((p) => p.field)).toEqual(['budget.coFunding']);
  });

  it('requires the revision on an edit', () => {
    expect(problems(updateProposalSchema.safeParse(moldovaHotlineContent())).map((p) => p.field)).toEqual(['revision']);
  });

  it('needs at least one point in a revision request, and two different versions to compare', () => {
    expect(problems(revisionRequestSchema.safeParse({ points: [] })).map((p) => p.field)).toEqual(['points']);
    expect(problems(compareQuerySchema.safeParse({ from: '2', to: '2' })).map((p) => p.field)).toEqual(['to']);
    expect(compareQuerySchema.parse({ from: '1', to: '2' })).toEqual({ from: 1, to: 2 });
  });
});
