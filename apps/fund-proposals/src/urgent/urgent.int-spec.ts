import { getConnectionToken } from '@nestjs/mongoose';
import { TOPICS, type FundProposalDecided, type FundUrgentEscalated, type FundUrgentRequested } from '@ctip/contracts';
import { expectEventually, ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import type { Connection } from 'mongoose';
import type { CycleView } from '../cycles/cycle.dto';
import { ProposalRepository } from '../proposals/proposal.repository';
import { fundModule, proposalFixture } from '../testing/fund-cycle.fixtures';
import type { UrgentView } from './urgent.dto';

const SLA_MS = 4_000;

/** The urgent fast-track on the real servers, with a 4 s SLA: reminded at 2 s, escalated at 4 s. */
describe('urgent fast-track', () => {
  const run = uniqueSuffix();
  const org = `org-${run}`;
  let service: ServiceUnderTest;
  let applicant: string;
  let officer: string;
  let secondOfficer: string;
  let member: string;

  const repo = () => service.nest.get(ProposalRepository, { strict: false });
  const eligible = async (amount = 3_000_00, organisationId = org) => {
    const doc = proposalFixture(run, { status: 'eligible', amount, organisationId });
    await repo().insert(doc);
    return doc;
  };
  const askUrgent = (
    id: string,
    body: Record<string, unknown> = { justification: 'Shelter place needed now for case RR-2026-000123.', caseRef: 'RR-2026-000123' },
    token = applicant,
  ) => service.request<UrgentView>('POST', `/proposals/${id}/urgent`, { token, body });
  const propose = (id: string, body: Record<string, unknown>, token = officer) =>
    service.request<UrgentView>('POST', `/proposals/${id}/urgent/decision`, { token, body });
  const confirm = (id: string, token = member) =>
    service.request<UrgentView>('POST', `/proposals/${id}/urgent/decision/confirmation`, { token });
  const createCycle = async (cycleId: string, amount: number, cutOffInMs: number) => {
    const body = {
      cycleId,
      cutOff: new Date(Date.now() + cutOffInMs).toISOString(),
      decisionDate: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      amount,
    };
    const created = await service.request<CycleView>('POST', '/cycles', { token: officer, body });
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      name: 'fund-proposals',
      port: 14311,
      module: fundModule,
      record: [TOPICS.fundUrgentRequested, TOPICS.fundUrgentEscalated, TOPICS.fundProposalDecided, TOPICS.fundSlateConfirmed],
      env: {
        FUND_URGENT_SLA_MS: String(SLA_MS),
        FUND_URGENT_RESERVE_PERCENT: '20',
        OUTBOX_SWEEP_INTERVAL_MS: '500',
        OUTBOX_GRACE_MS: '2000',
      },
    });
    applicant = await service.token(['fund-applicant'], { subject: `applicant-${run}`, organisationId: org });
    officer = await service.token(['fund-officer'], { subject: `officer-${run}` });
    secondOfficer = await service.token(['fund-officer'], { subject: `officer-2-${run}` });
    member = await service.token(['fund-committee'], { subject: `member-${run}` });
    const people = service.nest.get<Connection>(getConnectionToken(), { strict: false }).collection('directory_people');
    await people.insertMany([
      { _id: `duty-${run}` as never, personId: `duty-${run}`, organisationId: 'odihr-atpf', roles: ['fund-officer'], active: true },
      { _id: `head-${run}` as never, personId: `head-${run}`, organisationId: 'odihr-atpf', roles: ['head-of-unit'], active: true },
      { _id: `contact-${run}` as never, personId: `contact-${run}`, organisationId: org, roles: ['fund-contact'], active: true },
    ]);
    // The current cycle: the open one whose cut-off comes next. 50,000.00 with a 10,000.00 urgent reserve.
    await createCycle('2040-Q2', 50_000_00, 2 * 3_600_000);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('refuses what it must: personal data in the justification, a malformed case reference, another organisation’s proposal, the wrong role', async () => {
    const proposal = await eligible();
    const email = await askUrgent(proposal._id, { justification: 'Call the victim at olga@example.org tonight please.' });
    expect(email.status).toBe(422);
    expect(email.body).toMatchObject({ errors: [{ field: 'justification' }] });
    const phone = await askUrgent(proposal._id, { justification: 'Her number is +373 22 123 456, urgent.' });
    expect(phone.status).toBe(422);
    const badRef = await askUrgent(proposal._id, { justification: 'A case needs help at once now.', caseRef: 'Olga P.' });
    expect(badRef.status).toBe(400);
    expect(badRef.body).toMatchObject({ errors: [{ field: 'caseRef', reason: 'must look like RR-2026-000123' }] });
    const other = await service.token(['fund-applicant'], { subject: `other-${run}`, organisationId: `org-other-${run}` });
    expect((await askUrgent(proposal._id, undefined, other)).status).toBe(404);
    expect((await askUrgent(proposal._id, undefined, officer)).status).toBe(403);
    const inReview = proposalFixture(run, { status: 'in-review', organisationId: org });
    await repo().insert(inReview);
    const refused = await askUrgent(inReview._id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ current: { status: 'in-review' } });
    expect((await repo().findById(proposal._id))?.status).toBe('eligible');
  });

  it('alerts the officers at once, reminds at half the SLA and escalates to the head of unit when it expires; a decided request is never reminded', async () => {
    const waiting = await eligible();
    const decided = await eligible();
    const asked = await askUrgent(waiting._id);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'urgent-pending', caseRef: 'RR-2026-000123' });
    expect((await askUrgent(decided._id)).status).toBe(200);

    const requested = await expectEventually(() => {
      const [event] = service.eventsOf<FundUrgentRequested>(TOPICS.fundUrgentRequested, waiting._id);
      expect(event).toBeDefined();
      return event.data;
    });
    expect(requested.recipients.personIds).toEqual([`duty-${run}`]);
    expect(Date.parse(requested.decideBy) - Date.parse(requested.requestedAt)).toBe(SLA_MS);
    expect(JSON.stringify(requested)).not.toMatch(/Shelter place|RR-2026/);

    // Four eyes: the proposer cannot confirm their own proposal; a committee member can.
    expect((await propose(decided._id, { decision: 'decline', reason: 'covered by the national fund' })).status).toBe(200);
    expect((await confirm(decided._id, officer)).status).toBe(403);
    const declined = await confirm(decided._id, member);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'declined',
      decision: { decision: 'declined', confirmedBy: [`officer-${run}`, `member-${run}`] },
    });
    expect((await confirm(decided._id, secondOfficer)).body).toMatchObject({ current: { status: 'declined' } });

    const escalations = await expectEventually(
      () => {
        const events = service.eventsOf<FundUrgentEscalated>(TOPICS.fundUrgentEscalated, waiting._id).map((e) => e.data);
        expect(events.map((e) => e.stage)).toEqual(['reminder', 'expired']);
        return events;
      },
      { timeoutMs: SLA_MS + 10_000, intervalMs: 100 },
    );
    const requestedAt = Date.parse(requested.requestedAt);
    const [reminder, expired] = escalations.map((e) => Date.parse(e.escalatedAt) - requestedAt);
    expect(reminder).toBeGreaterThanOrEqual(SLA_MS / 2);
    expect(reminder).toBeLessThan(SLA_MS / 2 + 2_500);
    expect(expired).toBeGreaterThanOrEqual(SLA_MS);
    expect(expired).toBeLessThan(SLA_MS + 2_500);
    expect(escalations[0].recipients.personIds).toEqual([`duty-${run}`]);
    expect(escalations[1].recipients.personIds).toEqual([`head-${run}`]);
    // The decided request's expiry time has passed too (it was asked just after): nothing was sent for it.
    expect(service.eventsOf(TOPICS.fundUrgentEscalated, decided._id)).toEqual([]);
    expect(service.eventsOf<FundProposalDecided>(TOPICS.fundProposalDecided, decided._id)).toHaveLength(1);
  });

  it('never over-commits under concurrent slate confirmations and urgent approvals; each proposal is decided once', async () => {
    // A closed, prepared quarter (40,000.00 quarterly) and urgent requests on the current one (10,000.00 reserve).
    await createCycle('2039-Q4', 50_000_00, 3_600_000);
    const onSlate = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const doc = proposalFixture(run, { score: 4 + i / 10, amount: 15_000_00, organisationId: org });
        await repo().insert(doc);
        return doc;
      }),
    );
    await service.request('POST', '/cycles/2039-Q4/close', { token: officer });
    await expectEventually(async () =>
      expect((await service.request<CycleView>('GET', '/cycles/2039-Q4', { token: officer })).body.status).toBe('closed'),
    );
    // The lowest line, deferred by the close (10,000 left of 40,000), is approved at 10,000 by amendment: the envelope exactly.
    const cutLine = onSlate[0];
    await service.request('POST', `/cycles/2039-Q4/slate/lines/${cutLine._id}/amendment`, {
      token: officer,
      body: { decision: 'approve', amount: 10_000_00, reason: 'approved at a reduced amount' },
    });
    expect((await service.request('POST', '/cycles/2039-Q4/slate/prepare', { token: officer })).status).toBe(200);

    const urgent = await Promise.all(Array.from({ length: 6 }, () => eligible(3_000_00)));
    for (const p of urgent) {
      expect((await askUrgent(p._id)).status).toBe(200);
      expect((await propose(p._id, { decision: 'approve' })).status).toBe(200);
    }
    const secondMember = await service.token(['fund-committee'], { subject: `member-2-${run}` });
    const answers = await Promise.all([
      service.request('POST', '/cycles/2039-Q4/slate/confirm', { token: member }),
      service.request('POST', '/cycles/2039-Q4/slate/confirm', { token: secondMember }),
      ...urgent.map((p, i) => confirm(p._id, i % 2 === 0 ? member : secondOfficer)),
    ]);
    const [slateAnswers, urgentAnswers] = [answers.slice(0, 2), answers.slice(2)];
    expect(slateAnswers.map((a) => a.status).sort()).toEqual([202, 409]);
    expect(urgentAnswers.filter((a) => a.status === 200)).toHaveLength(3); // 3 × 3,000 of 10,000
    for (const refused of urgentAnswers.filter((a) => a.status !== 200))
      expect(refused).toMatchObject({ status: 409, body: { current: { lane: 'urgent', available: 1_000_00 } } });

    const balance = async (cycleId: string) =>
      (await service.request<CycleView['balance']>('GET', `/cycles/${cycleId}/balance`, { token: officer })).body;
    await expectEventually(
      async () => expect((await service.request<CycleView>('GET', '/cycles/2039-Q4', { token: officer })).body.status).toBe('confirmed'),
      { timeoutMs: 30_000 },
    );
    const quarter = await balance('2039-Q4');
    const current = await balance('2040-Q2');
    expect(quarter.committed).toBe(40_000_00);
    expect(quarter.committed).toBeLessThanOrEqual(quarter.envelope - quarter.urgentReserve);
    expect(current.urgentCommitted).toBe(9_000_00);
    expect(current.urgentCommitted).toBeLessThanOrEqual(current.urgentReserve);

    await expectEventually(() => {
      for (const p of onSlate) expect(service.eventsOf(TOPICS.fundProposalDecided, p._id)).toHaveLength(1);
      const approvedUrgent = urgent.filter((p) => service.eventsOf(TOPICS.fundProposalDecided, p._id).length === 1);
      expect(approvedUrgent).toHaveLength(3);
    });
    for (const p of urgent) expect(service.eventsOf(TOPICS.fundProposalDecided, p._id).length).toBeLessThanOrEqual(1);
    const stillPending = await repo().findManyByIds(urgent.map((p) => p._id));
    expect(stillPending.filter((p) => p.status === 'urgent-pending')).toHaveLength(3);
    const urgentDecision = service
      .eventsOf<FundProposalDecided>(TOPICS.fundProposalDecided)
      .find((e) => e.data.lane === 'urgent' && e.data.decision === 'approved');
    expect(urgentDecision?.data).toMatchObject({
      cycleId: '2040-Q2',
      amountApproved: { amount: 3_000_00 },
      recipients: { personIds: [`contact-${run}`] },
    });
  });

  it('alerts the officer on duty by the rota (cover for an absence), adds the backups at half the SLA and escalates to the rota’s head', async () => {
    const people = service.nest.get<Connection>(getConnectionToken(), { strict: false }).collection('directory_people');
    await people.insertMany(
      [`duty-2-${run}`, `duty-3-${run}`].map((id) => ({
        _id: id as never,
        personId: id,
        organisationId: 'odihr-atpf',
        roles: ['fund-officer'],
        active: true,
      })),
    );
    const head = await service.token(['head-of-unit'], { subject: `head-${run}` });
    const now = Date.now();
    const rota = {
      primaryOfficerId: `duty-${run}`,
      backupIds: [`duty-2-${run}`, `duty-3-${run}`],
      headOfUnitId: `head-${run}`,
      absences: [
        {
          personId: `duty-${run}`,
          from: new Date(now - 3_600_000).toISOString(),
          to: new Date(now + 3_600_000).toISOString(),
          coveredBy: `duty-3-${run}`,
        },
      ],
    };
    const put = (body: Record<string, unknown>, token = head) =>
      service.request<Record<string, unknown>>('PUT', '/urgent-duty-rota', { token, body });

    expect((await service.request('GET', '/urgent-duty-rota', { token: officer })).status).toBe(404);
    expect((await put(rota, officer)).status).toBe(403);
    const wrong = await put({
      ...rota,
      backupIds: [`contact-${run}`, `duty-${run}`],
      absences: [{ ...rota.absences[0], to: rota.absences[0].from }],
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'backupIds.0' }),
        expect.objectContaining({ field: 'backupIds.1', reason: `duty-${run} is on the rota twice` }),
        expect.objectContaining({ field: 'absences.0.to', reason: 'must be after from' }),
      ]),
    );
    const first = await put(rota);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ revision: 1 });
    expect((await put(rota)).body).toMatchObject({ current: { revision: 1 } });
    expect((await put({ ...rota, revision: 1 })).body).toMatchObject({ revision: 2 });

    const onDuty = await service.request<Record<string, unknown>>('GET', '/urgent-duty-rota/on-duty', { token: officer });
    expect(onDuty.body).toMatchObject({
      source: 'rota',
      requested: [`duty-3-${run}`],
      reminder: [`duty-3-${run}`, `duty-2-${run}`],
      expired: [`head-${run}`],
    });

    const waiting = await eligible();
    expect((await askUrgent(waiting._id)).status).toBe(200);
    const requested = await expectEventually(() => {
      const [event] = service.eventsOf<FundUrgentRequested>(TOPICS.fundUrgentRequested, waiting._id);
      expect(event).toBeDefined();
      return event.data;
    });
    expect(requested.recipients.personIds).toEqual([`duty-3-${run}`]);
    const escalations = await expectEventually(
      () => {
        const events = service.eventsOf<FundUrgentEscalated>(TOPICS.fundUrgentEscalated, waiting._id).map((e) => e.data);
        expect(events.map((e) => e.stage)).toEqual(['reminder', 'expired']);
        return events;
      },
      { timeoutMs: SLA_MS + 10_000, intervalMs: 100 },
    );
    expect(escalations.map((e) => e.recipients.personIds)).toEqual([[`duty-3-${run}`, `duty-2-${run}`], [`head-${run}`]]);
  });
});
