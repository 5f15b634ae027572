import { UnprocessableError } from '@ctip/errors';
import type { ProjectReport, Tranche } from './project.schema';
import { conditionsMet, planTranches, releaseMet } from './tranche-plan';

const ids = (index: number) => `t${index + 1}`;
const released: Tranche = {
  trancheId: 'old',
  amount: 40_000,
  condition: 'on-signature',
  state: 'released',
  releasedBy: 'fo-1',
  releasedAt: new Date(),
};
const report = (kind: ProjectReport['kind'], state: ProjectReport['state']): ProjectReport => ({
  reportId: `${kind}-1`,
  kind,
  dueOn: '2027-09-30T00:00:00Z',
  state,
  submissions: [],
  reminders: { plan: 'p', lastStep: -1, nextStep: 0, sent: 0 },
});

describe(planTranches.name, () => {
  it('plans tranches that add up to the approved amount', () => {
    const plan = planTranches(
      [
        { amount: 60_000, condition: 'on-signature' },
        { amount: 40_000, condition: 'final-report-accepted' },
      ],
      100_000,
      [],
      ids,
    );
    expect(plan).toEqual([
      { trancheId: 't1', amount: 60_000, condition: 'on-signature', state: 'planned' },
      { trancheId: 't2', amount: 40_000, condition: 'final-report-accepted', state: 'planned' },
    ]);
  });

  it('refuses tranches that do not add up, naming the sum and the approved amount', () => {
    const refusal = () => planTranches([{ amount: 90_000, condition: 'on-signature' }], 100_000, [], ids);
    expect(refusal).toThrow(UnprocessableError);
    expect(refusal).toThrow(
      expect.objectContaining({
        errors: [{ field: 'tranches', reason: expect.stringContaining('90000, not the approved amount of 100000') }],
      }),
    );
  });

  it('keeps released tranches: leaving one out or changing its amount is refused', () => {
    expect(() => planTranches([{ amount: 100_000, condition: 'on-signature' }], 100_000, [released], ids)).toThrow('does not fit');
    expect(() =>
      planTranches(
        [
          { trancheId: 'old', amount: 50_000, condition: 'on-signature' },
          { amount: 50_000, condition: 'final-report-accepted' },
        ],
        100_000,
        [released],
        ids,
      ),
    ).toThrow(UnprocessableError);
    const kept = planTranches(
      [
        { trancheId: 'old', amount: 40_000, condition: 'on-signature' },
        { amount: 70_000, condition: 'final-report-accepted' },
      ],
      110_000,
      [released],
      ids,
    );
    expect(kept[0]).toEqual(released);
  });
});

describe(conditionsMet.name, () => {
  it('meets a report condition only when every report of that stage is accepted or waived', () => {
    const reports = [
      report('interim-narrative', 'accepted'),
      report('interim-financial', 'submitted'),
      report('final-narrative', 'waived'),
      report('final-financial', 'pending'),
    ];
    expect([...conditionsMet({ reports })]).toEqual([]);
    reports[1] = report('interim-financial', 'waived');
    expect([...conditionsMet({ agreement: {}, reports })].sort()).toEqual(['interim-report-accepted', 'on-signature']);
  });
});

describe(releaseMet.name, () => {
  it('releases planned tranches whose condition is met, with who and when', () => {
    const at = new Date('2027-04-01T10:00:00Z');
    const planned: Tranche = { trancheId: 't1', amount: 5, condition: 'on-signature', state: 'planned' };
    expect(releaseMet([planned, released], new Set(['on-signature']), 'fo-2', at)).toEqual([
      { ...planned, state: 'released', releasedBy: 'fo-2', releasedAt: at },
      released,
    ]);
  });
});
