import { normaliseContent } from './proposal-content.checks';
import { moldovaHotlineContent } from './proposal-content.fixture';
import { compareContent } from './proposal-diff';

const v1 = normaliseContent(moldovaHotlineContent(), 'EUR');
// A copy in this realm (structuredClone's arrays come from the host realm, which deep-strict equality tells apart).
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe(compareContent.name, () => {
  it('finds nothing between identical versions', () => {
    expect(compareContent(v1, copy(v1))).toEqual({ changes: [], budgetLines: { added: [], removed: [], changed: [] } });
  });

  it('lists each changed field with its value before and after', () => {
    const v2 = copy(v1);
    v2.title = 'Hotline, direct assistance and training in Moldova';
    v2.activityTypes = ['hotline', 'direct-assistance', 'training'];
    v2.criteriaStatements['regional-networking'] = 'Joint case conferences with Romanian and Ukrainian hotlines.';
    v2.budget.amountRequested = 4_000_000;
    const { changes } = compareContent(v1, v2);
    expect(changes.map((c) => c.field)).toEqual([
      'title',
      'activityTypes',
      'budget.amountRequested',
      'criteriaStatements.regional-networking',
    ]);
    expect(changes.find((c) => c.field === 'budget.amountRequested')).toEqual({
      field: 'budget.amountRequested',
      before: 4_200_000,
      after: 4_000_000,
    });
  });

  it('tells budget lines added, removed and changed apart, matching lines by category and description', () => {
    const v2 = copy(v1);
    v2.budget.lines = [
      { ...v1.budget.lines[0], amount: 2_400_000 },
      v1.budget.lines[1],
      { category: 'training', description: 'Training of police and social workers', amount: 300_000 },
    ];
    expect(compareContent(v1, v2).budgetLines).toEqual({
      added: [{ category: 'training', description: 'Training of police and social workers', amount: 300_000 }],
      removed: [v1.budget.lines[2]],
      changed: [{ category: 'staff', description: 'Hotline counsellors (2 × 12 months)', before: 2_880_000, after: 2_400_000 }],
    });
  });

  it('pairs repeated identical lines before calling one of them changed', () => {
    const line = { category: 'travel', description: 'Field visit', amount: 50_000 };
    const before = { ...v1, budget: { ...v1.budget, lines: [line, { ...line, amount: 70_000 }] } };
    const after = {
      ...v1,
      budget: {
        ...v1.budget,
        lines: [
          { ...line, amount: 70_000 },
          { ...line, amount: 90_000 },
        ],
      },
    };
    expect(compareContent(before, after).budgetLines).toEqual({
      added: [],
      removed: [],
      changed: [{ category: 'travel', description: 'Field visit', before: 50_000, after: 90_000 }],
    });
  });
});
