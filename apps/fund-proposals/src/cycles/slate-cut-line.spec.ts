import { SlateCutLine } from './slate-cut-line';

describe(SlateCutLine.name, () => {
  const walk = (available: number, candidates: [number, number][]) => {
    const line = new SlateCutLine(available, 2.5);
    return candidates.map(([weightedScore, amountRequested], i) => line.next({ proposalId: `p${i}`, weightedScore, amountRequested }));
  };

  it('proposes approval in rank order while the money lasts, then deferral', () => {
    expect(
      walk(100, [
        [4.8, 60],
        [4.5, 40],
        [4.1, 10],
      ]).map((l) => `${l.rank}:${l.proposed}:${l.amount}`),
    ).toEqual(['1:approve:60', '2:approve:40', '3:defer:0']);
  });

  it('keeps the cut line strict: a cheaper proposal below the first that did not fit is deferred too', () => {
    expect(
      walk(100, [
        [4.8, 90],
        [4.5, 40],
        [4.1, 10],
      ]).map((l) => l.proposed),
    ).toEqual(['approve', 'defer', 'defer']);
  });

  it('proposes decline below the decline score whatever the money', () => {
    expect(
      walk(1_000, [
        [4, 10],
        [2.49, 10],
        [2.5, 10],
      ]).map((l) => l.proposed),
    ).toEqual(['approve', 'decline', 'approve']);
  });

  it('counts what it proposed for approval', () => {
    const line = new SlateCutLine(50, 2.5);
    line.next({ proposalId: 'a', weightedScore: 5, amountRequested: 30 });
    line.next({ proposalId: 'b', weightedScore: 4, amountRequested: 30 });
    expect({ n: line.proposedForApproval, amount: line.proposedAmount }).toEqual({ n: 1, amount: 30 });
  });
});
