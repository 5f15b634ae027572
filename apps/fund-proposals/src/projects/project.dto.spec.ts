import { agreementSchema, reportDecisionSchema, reportingScheduleSchema, tranchePlanSchema } from './project.dto';

const fields = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('project request schemas', () => {
  it('requires a reason to ask for changes or to waive a report, not to accept it', () => {
    expect(reportDecisionSchema.safeParse({ decision: 'accept' }).success).toBe(true);
    expect(fields(reportDecisionSchema.safeParse({ decision: 'waive' }))).toEqual(['reason']);
    expect(fields(reportDecisionSchema.safeParse({ decision: 'request-changes', reason: '   ' }))).toEqual(['reason']);
  });

  it('refuses an agreement period that ends before it starts, and a signatory listed twice', () => {
    const agreement = {
      reference: 'GA-1',
      signedOn: '2027-04-20',
      signatoryIds: ['a', 'a'],
      period: { start: '2027-05-01', end: '2027-04-30' },
    };
    expect(fields(agreementSchema.safeParse(agreement)).sort()).toEqual(['period.end', 'signatoryIds']);
  });

  it('names the tranche and the report fields that are wrong', () => {
    expect(fields(tranchePlanSchema.safeParse({ tranches: [{ amount: -1, condition: 'on-signature' }] }))).toEqual(['tranches.0.amount']);
    expect(fields(reportingScheduleSchema.safeParse({ reports: [{ kind: 'interim-narrative', dueOn: '1999-12-31T00:00:00Z' }] }))).toEqual([
      'reports.0.dueOn',
    ]);
  });
});
