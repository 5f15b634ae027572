import { ConflictError } from '@ctip/errors';
import { applyCommitments } from './envelope-ledger';

const cycle = (over: Partial<Parameters<typeof applyCommitments>[0]> = {}) => ({
  _id: '2027-Q1',
  envelope: 100_000,
  urgentReserve: 20_000,
  committed: 0,
  urgentCommitted: 0,
  commitments: {},
  ...over,
});
const at = new Date('2027-03-31T10:00:00Z');

describe(applyCommitments.name, () => {
  it('commits quarterly money up to the envelope less the urgent reserve', () => {
    expect(applyCommitments(cycle(), {}, [{ proposalId: 'p1', amount: 80_000, lane: 'quarterly' }], at)).toMatchObject({
      committed: 80_000,
    });
  });

  it('refuses a quarterly commitment that would take the urgent reserve, naming what is available', () => {
    const refusal = () => applyCommitments(cycle({ committed: 70_000 }), {}, [{ proposalId: 'p2', amount: 10_001, lane: 'quarterly' }], at);
    expect(refusal).toThrow(ConflictError);
    expect(refusal).toThrow('10000 available');
  });

  it('draws urgent approvals from the reserve only', () => {
    const next = applyCommitments(cycle(), {}, [{ proposalId: 'u1', amount: 20_000, lane: 'urgent' }], at);
    expect(next).toMatchObject({ committed: 0, urgentCommitted: 20_000 });
    expect(() => applyCommitments(cycle({ urgentCommitted: 20_000 }), {}, [{ proposalId: 'u2', amount: 1, lane: 'urgent' }], at)).toThrow(
      'urgent reserve',
    );
  });

  it('commits a proposal once: the same commitment again changes nothing', () => {
    const commitments = { p1: { amount: 5_000, lane: 'quarterly' as const, at } };
    expect(
      applyCommitments(cycle({ committed: 5_000, commitments }), {}, [{ proposalId: 'p1', amount: 5_000, lane: 'quarterly' }], at),
    ).toBeNull();
  });

  it('re-commits a changed amount instead of adding it (a change request)', () => {
    const commitments = { p1: { amount: 5_000, lane: 'quarterly' as const, at } };
    expect(
      applyCommitments(cycle({ committed: 5_000, commitments }), {}, [{ proposalId: 'p1', amount: 3_000, lane: 'quarterly' }], at),
    ).toMatchObject({
      committed: 3_000,
    });
  });

  it('re-commits a slate approval from its line’s amount: the slate’s total already holds it', () => {
    const onSlate = { p1: { amount: 5_000, lane: 'quarterly' as const, at } };
    expect(
      applyCommitments(cycle({ committed: 45_000 }), onSlate, [{ proposalId: 'p1', amount: 7_000, lane: 'quarterly' }], at),
    ).toMatchObject({
      committed: 47_000,
      changed: { p1: { amount: 7_000, lane: 'quarterly' } },
    });
  });

  it('is all or nothing: a batch that does not fit commits none of it', () => {
    const batch = [
      { proposalId: 'a', amount: 50_000, lane: 'quarterly' as const },
      { proposalId: 'b', amount: 40_000, lane: 'quarterly' as const },
    ];
    expect(() => applyCommitments(cycle(), {}, batch, at)).toThrow(ConflictError);
  });

  it('commits nothing more from a cycle whose remainder was carried over to a later one', () => {
    const settled = cycle({ committed: 50_000, carriedOut: { to: '2027-Q2', quarterly: 30_000, urgent: 20_000, at } });
    expect(() => applyCommitments(settled, {}, [{ proposalId: 'late', amount: 1, lane: 'quarterly' }], at)).toThrow('0 available');
    expect(() => applyCommitments(settled, {}, [{ proposalId: 'late', amount: 1, lane: 'urgent' }], at)).toThrow('urgent reserve');
    expect(applyCommitments(settled, {}, [{ proposalId: 'p1', amount: 0, lane: 'quarterly' }], at)).toMatchObject({ committed: 50_000 });
  });
});
