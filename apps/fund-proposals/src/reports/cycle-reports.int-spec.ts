import { loadConfig } from '@ctip/config';
import { ServiceUnderTest } from '@ctip/testing';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { EnvelopeLedger } from '../cycles/envelope-ledger';
import { FUND_CYCLE_MODEL, type FundCycleDocument } from '../cycles/fund-cycle.schema';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { DecisionState, ProposalDocument } from '../proposals/proposal.schema';

const HOUR = 3_600_000;

function fixture(
  id: string,
  submittedAt: string,
  decision?: Partial<DecisionState>,
  urgentDecideBy?: string,
): Omit<ProposalDocument, 'version' | 'createdAt' | 'updatedAt'> {
  return {
    _id: id,
    proposalRef: `ATPF-2027-${id.padStart(4, '0')}`,
    organisationId: 'osce-presence-md',
    createdBy: 'fund-contact-md-1',
    status: decision ? (decision.decision ?? 'approved') : 'in-review',
    content: {} as ProposalDocument['content'],
    revision: 1,
    submittedVersion: 1,
    submittedAt: new Date(submittedAt),
    consultation: { comments: [], rounds: [], totalMs: 0 },
    urgent: urgentDecideBy
      ? { justification: 'stays inside', requestedAt: new Date(submittedAt), decideBy: new Date(urgentDecideBy), decisions: [] }
      : undefined,
    decision: decision
      ? {
          decision: 'approved',
          lane: 'quarterly',
          cycleId: '2027-Q1',
          amountApproved: 0,
          decidedAt: new Date('2027-03-31T10:00:00Z'),
          confirmedBy: ['fo-1', 'fc-1'],
          ...decision,
        }
      : undefined,
    outbox: [],
  };
}

/** The per-cycle report through the API, on a small fixture in the service's database. */
describe('cycle reports for ODIHR', () => {
  let sut: ServiceUnderTest;

  beforeAll(async () => {
    sut = await ServiceUnderTest.start({
      name: 'fund-proposals',
      port: 14_530,
      module: (e) => AppModule.forRoot(loadConfig(configSchema, e)),
    });
    const proposals = sut.nest.get(ProposalRepository);
    await proposals.insert(
      fixture('1', '2027-01-05T10:00:00Z', { amountApproved: 3_000_000, decidedAt: new Date('2027-01-05T20:00:00Z') }),
    );
    await proposals.insert(
      fixture('2', '2027-02-01T10:00:00Z', { decision: 'deferred', deferredTo: '2027-Q2', decidedAt: new Date('2027-02-01T10:00:00Z') }),
    );
    await proposals.insert(fixture('3', '2027-03-01T10:00:00Z', { decision: 'declined', decidedAt: new Date('2027-03-01T20:00:00Z') }));
    await proposals.insert(
      fixture(
        '4',
        '2027-03-10T10:00:00Z',
        { lane: 'urgent', amountApproved: 500_000, decidedAt: new Date('2027-03-11T10:00:00Z') },
        '2027-03-13T10:00:00Z',
      ),
    );
    await proposals.insert(fixture('5', '2027-02-15T10:00:00Z'));
    const cycles = sut.nest.get<Model<FundCycleDocument>>(getModelToken(FUND_CYCLE_MODEL));
    await cycles.create({
      _id: '2027-Q1',
      status: 'confirmed',
      cutOff: new Date('2027-03-31T22:00:00Z'),
      decisionDate: new Date('2027-04-10T10:00:00Z'),
      currency: 'EUR',
      envelope: 10_000_000,
      urgentReserve: 2_000_000,
    });
    await sut.nest.get(EnvelopeLedger).commit('2027-Q1', [
      { proposalId: '1', amount: 3_000_000, lane: 'quarterly' },
      { proposalId: '4', amount: 500_000, lane: 'urgent' },
    ]);
  });

  afterAll(async () => {
    await sut?.nest.get<Connection>(getConnectionToken()).dropDatabase();
    await sut?.close();
  });

  it('reports received, decided, approved amounts, the envelope, time to decision and the urgent SLA', async () => {
    const report = await sut.request('GET', '/reports/cycles/2027-Q1', { token: await sut.token(['fund-officer']) });
    expect(report.status).toBe(200);
    expect(report.body).toEqual({
      cycleId: '2027-Q1',
      currency: 'EUR',
      proposals: { received: 5, decided: 4, approved: 2, deferred: 1, declined: 1 },
      amountApproved: { quarterly: 3_000_000, urgent: 500_000, total: 3_500_000 },
      envelope: {
        envelope: 10_000_000,
        urgentReserve: 2_000_000,
        committed: 3_000_000,
        urgentCommitted: 500_000,
        available: 5_000_000,
        urgentAvailable: 1_500_000,
      },
      // 0, 10, 10 and 24 hours.
      timeToDecision: { count: 4, medianMs: 10 * HOUR, p90Ms: Math.round(19.8 * HOUR) },
      urgent: { decided: 1, slaKept: 1, slaMissed: 0, pendingWithinSla: 0, pendingOverdue: 0 },
    });
  });

  it('answers a cycle without an envelope with none, and refuses a malformed cycle or the wrong role', async () => {
    const coordinator = await sut.token(['coordinator']);
    const empty = await sut.request('GET', '/reports/cycles/2031-Q4', { token: coordinator });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      proposals: { received: 0, decided: 0 },
      envelope: null,
      timeToDecision: { count: 0, medianMs: null },
    });
    const malformed = await sut.request<{ errors: { field: string }[] }>('GET', '/reports/cycles/2027-Q5', { token: coordinator });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('cycleId');
    expect(
      (
        await sut.request('GET', '/reports/cycles/2027-Q1', {
          token: await sut.token(['fund-applicant'], { organisationId: 'osce-presence-md' }),
        })
      ).status,
    ).toBe(403);
    expect((await sut.request('GET', '/reports/cycles/2027-Q1')).status).toBe(401);
  });
});
