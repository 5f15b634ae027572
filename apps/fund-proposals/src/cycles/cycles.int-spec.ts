import { getConnectionToken } from '@nestjs/mongoose';
import { TOPICS } from '@ctip/contracts';
import { expectEventually, ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import type { Connection } from 'mongoose';
import { ProposalRepository } from '../proposals/proposal.repository';
import { fundModule, proposalFixture } from '../testing/fund-cycle.fixtures';
import type { CycleView, SlateLineView } from './cycle.dto';
import { EnvelopeLedger } from './envelope-ledger';
import { FundCycleRepository } from './fund-cycle.repository';

/**
 * The quarterly cycle on the real servers: two instances of the service on one namespace (one database,
 * one set of queues, one consumer group), reviewed proposals inserted as the review module leaves them.
 * Tests run in order on one database: each closes what it inserted, so every slate holds exactly its own.
 */
describe('fund cycles', () => {
  const run = uniqueSuffix();
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;
  let officer: string;
  let committee: string;
  let secondMember: string;
  let officerOnB: string;
  let memberOnB: string;
  const officerId = `officer-${run}`;

  const start = (port: number, namespace?: string) =>
    ServiceUnderTest.start({
      name: 'fund-proposals',
      port,
      namespace,
      module: fundModule,
      record: namespace ? [] : [TOPICS.fundCycleClosed, TOPICS.fundSlateConfirmed, TOPICS.fundProposalDecided],
      env: { OUTBOX_SWEEP_INTERVAL_MS: '500', OUTBOX_GRACE_MS: '2000', FUND_URGENT_RESERVE_PERCENT: '20', FUND_DECLINE_BELOW_SCORE: '2.5' },
    });

  const repo = () => a.nest.get(ProposalRepository, { strict: false });
  const insert = async (...docs: ReturnType<typeof proposalFixture>[]) => {
    for (const doc of docs) await repo().insert(doc);
    return docs;
  };
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
  const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const createCycle = async (cycleId: string, amount: number, cutOff = inAnHour(), decisionDate = later(30)) => {
    const created = await a.request<CycleView>('POST', '/cycles', { token: officer, body: { cycleId, cutOff, decisionDate, amount } });
    expect(created.status).toBe(201);
    return created.body;
  };
  const cycle = async (cycleId: string) => (await a.request<CycleView>('GET', `/cycles/${cycleId}`, { token: officer })).body;
  const closed = (cycleId: string) =>
    expectEventually(
      async () => {
        const found = await cycle(cycleId);
        expect(found.status).toBe('closed');
        return found;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  const slate = (cycleId: string) => a.listAll<SlateLineView>(`/cycles/${cycleId}/slate`, officer);

  beforeAll(async () => {
    a = await start(14301);
    b = await start(14302, a.namespace);
    officer = await a.token(['fund-officer'], { subject: officerId });
    committee = await a.token(['fund-committee'], { subject: `committee-${run}` });
    secondMember = await a.token(['fund-committee'], { subject: `committee-2-${run}` });
    // Each instance under test verifies tokens with its own development key.
    officerOnB = await b.token(['fund-officer'], { subject: `officer-2-${run}` });
    memberOnB = await b.token(['fund-committee'], { subject: `committee-2-${run}` });
    const connection = a.nest.get<Connection>(getConnectionToken(), { strict: false });
    await connection.collection('directory_people').insertMany([
      { _id: `contact-${run}` as never, personId: `contact-${run}`, organisationId: `org-${run}`, roles: ['fund-contact'], active: true },
      { _id: `former-${run}` as never, personId: `former-${run}`, organisationId: `org-${run}`, roles: ['fund-contact'], active: false },
    ]);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('creates a cycle with its cut-off in the fund time zone and its urgent reserve; a taken id or impossible dates are refused', async () => {
    const created = await createCycle('2030-Q4', 1_000_000, '2030-12-31T23:59', '2031-01-20T12:00');
    expect(created).toMatchObject({
      status: 'open',
      cutOff: '2030-12-31T22:59:00.000Z',
      cutOffLocal: '2030-12-31T23:59:00+01:00',
      timeZone: 'Europe/Warsaw',
      quarterAmount: 1_000_000,
      carryOver: 0,
      balance: { envelope: 1_000_000, urgentReserve: 200_000, available: 800_000, urgentAvailable: 200_000 },
    });
    const again = await a.request('POST', '/cycles', {
      token: officer,
      body: { cycleId: '2030-Q4', cutOff: inAnHour(), decisionDate: later(3), amount: 1 },
    });
    expect(again.status).toBe(409);
    const backwards = await a.request('POST', '/cycles', {
      token: officer,
      body: { cycleId: '2030-Q3', cutOff: later(5), decisionDate: later(2), amount: 1 },
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body).toMatchObject({ errors: [{ field: 'decisionDate', reason: 'must be after the cut-off' }] });
    const malformed = await a.request('POST', '/cycles', { token: officer, body: { cycleId: '2030-Q5', cutOff: 'soon', amount: -1 } });
    expect(malformed.status).toBe(400);
    expect((malformed.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'amount',
      'cutOff',
      'cycleId',
      'decisionDate',
    ]);
    expect((await a.request('POST', '/cycles', { token: committee, body: {} })).status).toBe(403);
  });

  it('closes by hand on two instances at once into one slate, ranked by score, cut at the envelope; unreviewed proposals roll over', async () => {
    await createCycle('2030-Q1', 100_000_00);
    const t = Date.now() - 3_600_000;
    const [top, tieEarly, tieLate, cut, after, low] = await insert(
      proposalFixture(run, { score: 4.8, amount: 50_000_00, submittedAt: new Date(t) }),
      proposalFixture(run, { score: 4.2, amount: 20_000_00, submittedAt: new Date(t + 1) }),
      proposalFixture(run, { score: 4.2, amount: 10_000_00, submittedAt: new Date(t + 2) }),
      proposalFixture(run, { score: 3.9, amount: 5_000_00 }), // 80,000 of 80,000 used above: it does not fit
      proposalFixture(run, { score: 3.0, amount: 1_00 }),
      proposalFixture(run, { score: 2.0, amount: 1_00 }),
    );
    const [inReview] = await insert(proposalFixture(run, { status: 'in-review' }));
    // 80,000.00 of quarterly money (100,000.00 less the 20% urgent reserve).
    const answers = await Promise.all([
      a.request<CycleView>('POST', '/cycles/2030-Q1/close', { token: officer }),
      b.request<CycleView>('POST', '/cycles/2030-Q1/close', { token: officerOnB }),
    ]);
    for (const answer of answers) expect([200, 202]).toContain(answer.status);
    const done = await closed('2030-Q1');
    expect((await a.request('POST', '/cycles/2030-Q1/close', { token: officer })).status).toBe(200);

    const lines = await slate('2030-Q1');
    expect(lines.map((l) => [l.proposalId, l.rank, l.proposed.decision, l.proposed.amount])).toEqual([
      [top._id, 1, 'approve', 50_000_00],
      [tieEarly._id, 2, 'approve', 20_000_00],
      [tieLate._id, 3, 'approve', 10_000_00],
      [cut._id, 4, 'defer', 0],
      [after._id, 5, 'defer', 0],
      [low._id, 6, 'decline', 0],
    ]);
    expect(done.slate).toEqual({ lines: 6, proposedForApproval: 3, proposedAmount: 80_000_00, rolledOver: 1 });
    expect(done.closing?.by).toBe('officer');
    // The close reads only the fields a line takes (a projection): each of them arrives.
    const stored = await a.nest
      .get<Connection>(getConnectionToken(), { strict: false })
      .collection('fund_slate_lines')
      .findOne({ proposalId: top._id });
    const { content } = top;
    expect(stored).toMatchObject({
      proposalRef: top.proposalRef,
      organisationId: top.organisationId,
      createdBy: top.createdBy,
      title: content.title,
      countries: content.countries,
      implementingPartnerIds: content.implementingPartnerIds,
      activityTypes: content.activityTypes,
      plannedStart: content.plannedStart,
      plannedEnd: content.plannedEnd,
      weightedScore: 4.8,
      amountRequested: 50_000_00,
      submittedAt: top.submittedAt,
    });
    expect((await repo().findById(inReview._id))?.status).toBe('in-review');
    expect(await repo().findById(top._id)).toMatchObject({ status: 'on-slate', cycleId: '2030-Q1' });
    await expectEventually(() => expect(a.eventsOf(TOPICS.fundCycleClosed, '2030-Q1')).toHaveLength(1));
    expect(a.eventsOf(TOPICS.fundCycleClosed, '2030-Q1')[0].data).toMatchObject({
      closedBy: 'officer',
      proposalsOnSlate: 6,
      proposedForApproval: 3,
      rolledOver: 1,
    });
  });

  it('closes by itself at a near cut-off with two instances running: one slate, every reviewed proposal on it exactly once', async () => {
    const reviewed = await insert(
      ...Array.from({ length: 30 }, (_, i) => proposalFixture(run, { score: 2.5 + (i % 5) / 2, amount: 1_000_00 })),
    );
    const cutOff = new Date(Date.now() + 2_500).toISOString();
    await createCycle('2030-Q2', 1_000_000_00, cutOff);
    const done = await closed('2030-Q2');
    expect(done.closing?.by).toBe('schedule');
    expect(new Date(done.closedAt!).getTime()).toBeGreaterThanOrEqual(Date.parse(cutOff));
    const lines = await slate('2030-Q2');
    expect(lines.map((l) => l.proposalId).sort()).toEqual(reviewed.map((p) => p._id).sort());
    expect(new Set(lines.map((l) => l.rank)).size).toBe(30);
    await expectEventually(() => expect(a.eventsOf(TOPICS.fundCycleClosed, '2030-Q2')).toHaveLength(1));
  });

  it('runs on start a close whose cut-off passed while no instance ran', async () => {
    const [missed] = await insert(proposalFixture(run, { score: 4 }));
    // As a cycle is left when every instance was down at its cut-off and its job is gone.
    await a.nest.get(FundCycleRepository, { strict: false }).insert({
      _id: '2030-Q3',
      status: 'open',
      cutOff: new Date(Date.now() - 60_000),
      decisionDate: new Date(Date.now() + 86_400_000),
      currency: 'EUR',
      quarterAmount: 50_000_00,
      carryOver: 0,
      carriedIn: {},
      envelope: 50_000_00,
      urgentReserve: 10_000_00,
      committed: 0,
      urgentCommitted: 0,
      commitments: {},
      createdBy: officerId,
    });
    const third = await start(14303, a.namespace);
    try {
      const done = await closed('2030-Q3');
      expect(done.closing?.by).toBe('schedule');
      expect((await slate('2030-Q3')).map((l) => l.proposalId)).toEqual([missed._id]);
    } finally {
      await third.close();
    }
  });

  it('amends, prepares and confirms with four eyes: one decision per proposal, the money committed within the envelope, the rest carried over', async () => {
    await createCycle('2031-Q1', 50_000_00); // 40,000.00 quarterly
    const [first, second, third, weak] = await insert(
      proposalFixture(run, { score: 4.9, amount: 30_000_00 }),
      proposalFixture(run, { score: 4.5, amount: 10_000_00 }),
      proposalFixture(run, { score: 4.0, amount: 8_000_00 }),
      proposalFixture(run, { score: 1.5, amount: 2_000_00 }),
    );
    await a.request('POST', '/cycles/2031-Q1/close', { token: officer });
    await closed('2031-Q1');
    const amend = (proposalId: string, body: Record<string, unknown>, token = officer) =>
      a.request<SlateLineView>('POST', `/cycles/2031-Q1/slate/lines/${proposalId}/amendment`, { token, body });

    expect((await amend(first._id, { decision: 'approve', amount: 30_000_01, reason: 'more than asked' })).status).toBe(422);
    expect((await amend(first._id, { decision: 'defer', amount: 5, reason: 'no amount here' })).status).toBe(422);
    expect((await amend(`${run}-absent`, { decision: 'defer', reason: 'not on it' })).status).toBe(404);
    const smaller = await amend(first._id, { decision: 'approve', amount: 25_000_00, reason: 'travel line cut' });
    expect(smaller.status).toBe(200);
    expect(smaller.body.decision).toMatchObject({ decision: 'approve', amount: 25_000_00, amendedBy: officerId });
    // Over the envelope on purpose: 25,000 + 10,000 + 8,000 > 40,000.
    expect((await amend(third._id, { decision: 'approve', reason: 'strong partner', amount: 8_000_00 }, committee)).status).toBe(200);

    const prepared = await a.request<CycleView>('POST', '/cycles/2031-Q1/slate/prepare', { token: officer });
    expect(prepared.status).toBe(200);
    expect((await a.request('POST', '/cycles/2031-Q1/slate/prepare', { token: officer })).body).toMatchObject({
      current: { state: 'prepared' },
    });
    const preparerAsMember = await a.token(['fund-committee', 'fund-officer'], { subject: officerId });
    expect((await a.request('POST', '/cycles/2031-Q1/slate/confirm', { token: preparerAsMember })).status).toBe(403);
    const over = await a.request('POST', '/cycles/2031-Q1/slate/confirm', { token: committee });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ current: { lane: 'quarterly', available: 40_000_00 } });
    expect((await cycle('2031-Q1')).balance.committed).toBe(0);

    // Amending a prepared slate sends it back to draft; it is prepared again.
    expect((await amend(third._id, { decision: 'defer', reason: 'next quarter' })).status).toBe(200);
    expect((await cycle('2031-Q1')).status).toBe('closed');
    await a.request('POST', '/cycles/2031-Q1/slate/prepare', { token: officer });

    const confirmations = await Promise.all([
      a.request<CycleView>('POST', '/cycles/2031-Q1/slate/confirm', { token: committee }),
      b.request<CycleView>('POST', '/cycles/2031-Q1/slate/confirm', { token: memberOnB }),
    ]);
    expect(confirmations.map((c) => c.status).sort()).toEqual([202, 409]);
    const confirmed = await expectEventually(
      async () => {
        const found = await cycle('2031-Q1');
        expect(found.status).toBe('confirmed');
        return found;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect((await a.request('POST', '/cycles/2031-Q1/slate/confirm', { token: secondMember })).body).toMatchObject({
      current: { state: 'confirmed' },
    });
    expect((await amend(second._id, { decision: 'decline', reason: 'too late' })).status).toBe(409);
    expect(confirmed.balance).toMatchObject({ committed: 35_000_00, envelope: 50_000_00 });
    expect(confirmed.confirmation).toMatchObject({ approved: 2, deferred: 1, declined: 1, applied: 4 });
    // The slate is committed as its total; the cycle keeps no entry per approval. A change request re-commits
    // an approval from its line's amount (25,000 → 20,000: 5,000 less committed, not 20,000 more).
    const stored = await a.nest.get(FundCycleRepository).findById('2031-Q1');
    expect(stored).toMatchObject({ commitments: {}, slateCommitment: { amount: 35_000_00 } });
    const ledger = a.nest.get(EnvelopeLedger, { strict: false });
    const reduced = [{ proposalId: first._id, amount: 20_000_00, lane: 'quarterly' as const }];
    expect(await ledger.commit('2031-Q1', reduced)).toMatchObject({ committed: 30_000_00 });
    expect(await ledger.commit('2031-Q1', reduced)).toMatchObject({ committed: 30_000_00 });
    expect(await ledger.commit('2031-Q1', [{ ...reduced[0], amount: 25_000_00 }])).toMatchObject({ committed: 35_000_00 });

    const decided = async (id: string) => (await repo().findById(id))!;
    expect(await decided(first._id)).toMatchObject({ status: 'approved', decision: { amountApproved: 25_000_00, lane: 'quarterly' } });
    expect(await decided(second._id)).toMatchObject({ status: 'approved', decision: { amountApproved: 10_000_00 } });
    expect(await decided(third._id)).toMatchObject({ status: 'deferred', decision: { deferredTo: '2031-Q2' } });
    expect(await decided(weak._id)).toMatchObject({ status: 'declined' });
    await expectEventually(() => {
      for (const p of [first, second, third, weak]) expect(a.eventsOf(TOPICS.fundProposalDecided, p._id)).toHaveLength(1);
      expect(a.eventsOf(TOPICS.fundSlateConfirmed, '2031-Q1')).toHaveLength(1);
    });
    expect(a.eventsOf(TOPICS.fundProposalDecided, first._id)[0].data).toMatchObject({
      decision: 'approved',
      amountApproved: { amount: 25_000_00, currency: 'EUR' },
      recipients: { personIds: [`contact-${run}`] },
    });
    expect(JSON.stringify(a.eventsOf(TOPICS.fundProposalDecided, first._id))).not.toMatch(/weightedScore|travel line cut/);
    // The approvals opened their projects and public-list entries with their decisions; the others none.
    const db = a.nest.get<Connection>(getConnectionToken(), { strict: false });
    const ids = [first, second, third, weak].map((p) => p._id as never);
    const projects = await db
      .collection('projects')
      .find({ proposalId: { $in: ids } })
      .toArray();
    expect(projects.map((p) => [p.proposalId, p.approvedAmount, p.lane, p.status]).sort()).toEqual(
      [
        [first._id, 25_000_00, 'quarterly', 'active'],
        [second._id, 10_000_00, 'quarterly', 'active'],
      ].sort(),
    );
    const listed = await db
      .collection('public_projects')
      .find({ _id: { $in: ids } })
      .toArray();
    expect(listed.map((p) => [p._id, p.amount.amount, p.status]).sort()).toEqual(
      [
        [first._id, 25_000_00, 'approved'],
        [second._id, 10_000_00, 'approved'],
      ].sort(),
    );
    expect(JSON.stringify(listed)).not.toMatch(/weightedScore|travel line cut|reviewer/);

    // What 2031-Q1 left (50,000 − 35,000) is added to the next quarter when it is created; the deferred proposal waits for it.
    const next = await createCycle('2031-Q2', 60_000_00);
    expect(next).toMatchObject({
      quarterAmount: 60_000_00,
      carryOver: 15_000_00,
      balance: { envelope: 75_000_00, urgentReserve: 15_000_00 },
    });
    expect((await cycle('2031-Q1')).balance).toMatchObject({ available: 0, urgentAvailable: 0 });
  });

  it('holds a slate’s commitment by its confirm request: a later request takes it over, a failed one releases only its own', async () => {
    await createCycle('2044-Q1', 50_000_00);
    const ledger = a.nest.get(EnvelopeLedger, { strict: false });
    const { available, committed: before } = await ledger.balance('2044-Q1');
    expect(await ledger.commitSlate('2044-Q1', available - 1_000_00, 'first')).toMatchObject({ committed: before + available - 1_000_00 });
    // A second confirmation of the same slate (or of the slate re-prepared at a new total) replaces it, never adds to it.
    expect(await ledger.commitSlate('2044-Q1', available, 'second')).toMatchObject({ committed: before + available, available: 0 });
    // The first request's confirmation failed: it no longer holds the commitment, so it releases nothing.
    expect(await ledger.releaseSlate('2044-Q1', 'first')).toMatchObject({ committed: before + available });
    // Over the envelope: 409 naming what the slate may take, and nothing written.
    await expect(ledger.commitSlate('2044-Q1', available + 1, 'third')).rejects.toMatchObject({
      kind: 'conflict',
      current: { lane: 'quarterly', available },
    });
    expect(await a.nest.get(FundCycleRepository).findById('2044-Q1')).toMatchObject({
      committed: before + available,
      slateCommitment: { amount: available, token: 'second' },
    });
    expect(await ledger.releaseSlate('2044-Q1', 'second')).toMatchObject({ committed: before, available });
    expect((await a.nest.get(FundCycleRepository).findById('2044-Q1'))?.slateCommitment).toBeUndefined();
  });
});
