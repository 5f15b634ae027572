import { CycleReportCalculator, distribution, type ReportedProposal } from './cycle-report';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

function decided(
  id: string,
  submitted: string,
  decision: 'approved' | 'deferred' | 'declined',
  decidedAt: string,
  options: { lane?: 'quarterly' | 'urgent'; amount?: number; decideBy?: string } = {},
): ReportedProposal {
  const lane = options.lane ?? 'quarterly';
  return {
    _id: id,
    status: decision,
    submittedAt: at(submitted),
    cycleId: lane === 'urgent' ? undefined : '2027-Q1',
    decision: {
      decision,
      lane,
      cycleId: '2027-Q1',
      amountApproved: options.amount ?? 0,
      decidedAt: at(decidedAt),
      confirmedBy: ['a', 'b'],
    },
    urgent: options.decideBy
      ? { justification: 'kept in the service', requestedAt: at(submitted), decideBy: at(options.decideBy), decisions: [] }
      : undefined,
  };
}

function pendingUrgent(id: string, requested: string, decideBy: string): ReportedProposal {
  return {
    _id: id,
    status: 'urgent-pending',
    submittedAt: at(requested),
    urgent: { justification: 'kept in the service', requestedAt: at(requested), decideBy: at(decideBy), decisions: [] },
  };
}

describe(CycleReportCalculator.name, () => {
  const calculator = new CycleReportCalculator('Europe/Warsaw');
  const proposals: ReportedProposal[] = [
    decided('a', '2027-01-10T10:00:00Z', 'approved', '2027-01-20T10:00:00Z', { amount: 1_000_000 }),
    decided('b', '2027-02-01T00:00:00Z', 'deferred', '2027-03-31T00:00:00Z'),
    // 00:30 on 1 January in Warsaw: received in Q1 although still 2026 in UTC.
    decided('c', '2026-12-31T23:30:00Z', 'declined', '2027-01-31T23:30:00Z'),
    decided('d', '2027-02-10T09:00:00Z', 'approved', '2027-02-11T09:00:00Z', {
      lane: 'urgent',
      amount: 200_000,
      decideBy: '2027-02-13T09:00:00Z',
    }),
    decided('e', '2027-03-01T09:00:00Z', 'approved', '2027-03-05T09:00:00Z', {
      lane: 'urgent',
      amount: 300_000,
      decideBy: '2027-03-04T09:00:00Z',
    }),
    pendingUrgent('f', '2027-03-20T09:00:00Z', '2027-03-23T09:00:00Z'),
    pendingUrgent('g', '2027-03-24T09:00:00Z', '2027-03-27T09:00:00Z'),
    // 02:00 on 1 April in Warsaw: the next quarter.
    { _id: 'h', status: 'submitted', submittedAt: at('2027-04-01T00:00:00Z') },
  ];
  const balance = {
    cycleId: '2027-Q1',
    envelope: 10_000_000,
    urgentReserve: 2_000_000,
    committed: 1_000_000,
    urgentCommitted: 500_000,
    available: 7_000_000,
    urgentAvailable: 1_500_000,
  };
  const report = calculator.report({ cycleId: '2027-Q1', currency: 'EUR', proposals, balance, now: at('2027-03-25T00:00:00Z') });

  it('counts proposals received in the quarter (in the fund’s time zone) and decided in the cycle', () => {
    expect(report.proposals).toEqual({ received: 7, decided: 5, approved: 3, deferred: 1, declined: 1 });
  });

  it('sums the amounts approved by lane', () => {
    expect(report.amountApproved).toEqual({ quarterly: 1_000_000, urgent: 500_000, total: 1_500_000 });
  });

  it('reports the envelope committed against available from the ledger', () => {
    expect(report.envelope).toEqual({
      envelope: 10_000_000,
      urgentReserve: 2_000_000,
      committed: 1_000_000,
      urgentCommitted: 500_000,
      available: 7_000_000,
      urgentAvailable: 1_500_000,
    });
    expect(calculator.report({ cycleId: '2027-Q1', currency: 'EUR', proposals, balance: null, now: new Date() }).envelope).toBeNull();
  });

  it('measures the time from submission to decision: median and 90th percentile', () => {
    // 1, 4, 10, 31 and 58 days.
    expect(report.timeToDecision).toEqual({ count: 5, medianMs: 10 * DAY, p90Ms: Math.round(47.2 * DAY) });
  });

  it('tells urgent requests decided within their SLA from those decided late, and pending ones overdue or not', () => {
    expect(report.urgent).toEqual({ decided: 2, slaKept: 1, slaMissed: 1, pendingWithinSla: 1, pendingOverdue: 1 });
  });

  it('names the quarter of an instant in the fund’s time zone', () => {
    expect(calculator.quarterOf(at('2027-03-31T21:59:00Z'))).toBe('2027-Q1');
    expect(calculator.quarterOf(at('2027-03-31T22:00:00Z'))).toBe('2027-Q2');
  });
});

describe(distribution.name, () => {
  it('has no median or percentile without values', () => {
    expect(distribution([])).toEqual({ count: 0, medianMs: null, p90Ms: null });
  });

  it('interpolates between ranks', () => {
    expect(distribution([5])).toEqual({ count: 1, medianMs: 5, p90Ms: 5 });
    expect(distribution([4, 1, 3, 2])).toEqual({ count: 4, medianMs: 3, p90Ms: 4 });
    expect(distribution(Array.from({ length: 11 }, (_, i) => i * 10))).toEqual({ count: 11, medianMs: 50, p90Ms: 90 });
  });
});
