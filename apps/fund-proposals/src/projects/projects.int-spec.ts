import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { TOPICS, type FundProposalDecided, type FundReminderDue } from '@ctip/contracts';
import { EventProducer } from '@ctip/messaging';
import { expectEventually, ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import type { Connection, Model } from 'mongoose';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { EnvelopeLedger } from '../cycles/envelope-ledger';
import { FundDirectory } from '../directory-view/fund-directory';
import { FUND_CYCLE_MODEL, type FundCycleDocument } from '../cycles/fund-cycle.schema';
import { approvalOf } from '../proposals/approval';
import { ProposalRepository } from '../proposals/proposal.repository';
import { ProjectOpeningService } from './project-opening.service';
import { projectIdFor } from './project.schema';
import { ReportRemindersService } from './report-reminders.service';

const LEAD_MS = 2_000;
const EVERY_MS = 2_000;
const CYCLE = '2027-Q1';
const ORG = 'osce-chisinau';

type Project = Record<string, unknown> & {
  projectId: string;
  approvedAmount: number;
  status: string;
  tranches: { trancheId: string; amount: number; condition: string; state: string; releasedBy?: string }[];
  reports: { reportId: string; state: string }[];
  changeRequests: { changeId: string; state: string }[];
};

describe('projects (after approval)', () => {
  let sut: ServiceUnderTest;
  let officer: string;
  let otherOfficer: string;
  let committee: string;
  let applicant: string;
  let strangerApplicant: string;

  beforeAll(async () => {
    sut = await ServiceUnderTest.start({
      name: 'fund-proposals',
      port: 14401,
      module: (env) => AppModule.forRoot(configSchema.parse(env)),
      record: [TOPICS.fundReminderDue],
      env: { FUND_REPORT_REMINDER_LEAD_MS: String(LEAD_MS), FUND_REPORT_OVERDUE_EVERY_MS: String(EVERY_MS) },
    });
    officer = await sut.token(['fund-officer'], { subject: 'fo-anna' });
    otherOfficer = await sut.token(['fund-officer'], { subject: 'fo-boris' });
    committee = await sut.token(['fund-committee'], { subject: 'fc-chair' });
    applicant = await sut.token(['fund-applicant'], { subject: 'ap-ion', organisationId: ORG });
    strangerApplicant = await sut.token(['fund-applicant'], { subject: 'ap-other', organisationId: 'osce-tirana' });
    // The organisation's people reach the fund's directory read model as they do in production: by event.
    const producer = sut.nest.get(EventProducer);
    for (const [personId, role] of [
      ['fc-md-1', 'fund-contact'],
      ['fc-md-2', 'focal-point'],
    ])
      await producer.publish(TOPICS.directoryPersonChanged, {
        personId,
        organisationId: ORG,
        displayName: personId,
        roles: [role],
        languages: ['ro'],
        timeZone: 'Europe/Chisinau',
        contactPoints: [],
        active: true,
        revision: 1,
        demo: false,
      });
    const directory = sut.nest.get(FundDirectory);
    await expectEventually(async () => expect((await directory.peopleOf(ORG, 'fund-contact')).map((p) => p.personId)).toEqual(['fc-md-1']));
    const cycles = sut.nest.get<Model<FundCycleDocument>>(getModelToken(FUND_CYCLE_MODEL));
    await cycles.create({
      _id: CYCLE,
      status: 'confirmed',
      cutOff: new Date('2027-03-31T22:00:00Z'),
      decisionDate: new Date('2027-04-15T10:00:00Z'),
      currency: 'EUR',
      envelope: 1_000_000,
      urgentReserve: 200_000,
    });
  });

  afterAll(async () => {
    await sut?.close();
  });

  /** A proposal approved by the committee (or the fast-track), and its decision event (not yet published). */
  async function approve(
    amount: number,
    lane: 'quarterly' | 'urgent' = 'quarterly',
  ): Promise<{ proposalId: string; decided: FundProposalDecided }> {
    const proposals = sut.nest.get(ProposalRepository);
    const proposalId = `prop-${uniqueSuffix()}`;
    const proposalRef = await proposals.nextRef(new Date('2027-02-01T00:00:00Z'));
    const decidedAt = new Date();
    await proposals.insert({
      _id: proposalId,
      proposalRef,
      organisationId: ORG,
      createdBy: 'ap-ion',
      status: 'approved',
      content: {
        title: 'Shelter staff training in Moldova',
        summary: 'Two trainings for shelter staff and social workers.',
        language: 'en',
        countries: ['MD'],
        implementingPartnerIds: [],
        activityTypes: ['training'],
        targetGroups: ['social workers'],
        plannedStart: '2027-05-01',
        plannedEnd: '2027-12-31',
        budget: {
          currency: 'EUR',
          lines: [{ category: 'training', description: 'venues', amount }],
          coFunding: 0,
          amountRequested: amount,
        },
        expectedResults: [],
        criteriaStatements: { impact: 'x', 'national-partners': 'x', 'state-ngo-cooperation': 'x', 'regional-networking': 'x' },
      },
      revision: 1,
      submittedVersion: 1,
      cycleId: CYCLE,
      consultation: { comments: [], rounds: [], totalMs: 0 },
      decision: { decision: 'approved', lane, cycleId: CYCLE, amountApproved: amount, decidedAt, confirmedBy: ['fc-chair'] },
      outbox: [],
    });
    await sut.nest.get(EnvelopeLedger).commit(CYCLE, [{ proposalId, amount, lane }]);
    const decided: FundProposalDecided = {
      proposalId,
      proposalRef,
      title: 'Shelter staff training in Moldova',
      organisationId: ORG,
      countries: ['MD'],
      decision: 'approved',
      lane,
      cycleId: CYCLE,
      amountApproved: { amount, currency: 'EUR' },
      recipients: { personIds: ['fc-md-1'] },
      decidedAt: decidedAt.toISOString(),
    };
    return { proposalId, decided };
  }

  /** A quarterly approval's project, opened as the slate's confirmation opens it. */
  async function openProject(amount: number): Promise<string> {
    const { proposalId, decided } = await approve(amount);
    const proposal = await sut.nest.get(ProposalRepository).findById(proposalId);
    await expect(sut.nest.get(ProjectOpeningService).openAll([approvalOf(decided, proposal)])).resolves.toBe(1);
    const projectId = projectIdFor(proposalId);
    await expectEventually(async () => expect((await sut.request('GET', `/projects/${projectId}`, { token: officer })).status).toBe(200));
    return projectId;
  }

  const reminders = (projectId: string, reportId: string) =>
    sut
      .eventsOf<FundReminderDue>(TOPICS.fundReminderDue)
      .map((e) => e.data)
      .filter((d) => d.obligationId === `${projectId}/${reportId}`);

  it('opens one project per fast-track approval, however often the decision arrives', async () => {
    const { proposalId, decided } = await approve(100_000, 'urgent');
    const producer = sut.nest.get(EventProducer);
    // The handler is idempotent by the proposal id: no inbox, so each copy is handled.
    const before = await sut.handledCount(TOPICS.fundProposalDecided);
    await producer.publish(TOPICS.fundProposalDecided, decided);
    await producer.publish(TOPICS.fundProposalDecided, decided);
    const connection = sut.nest.get<Connection>(getConnectionToken());
    await expectEventually(async () => expect(await sut.handledCount(TOPICS.fundProposalDecided)).toBe(before + 2));
    expect(await connection.collection('projects').countDocuments({ proposalId })).toBe(1);
    expect(await connection.collection('public_projects').countDocuments({ _id: proposalId as never })).toBe(1);
    await expect(sut.nest.get(ProjectOpeningService).open(decided)).resolves.toBe('already-open');
    // A quarterly approval's event opens nothing: the confirmation opened it with the decision.
    await expect(sut.nest.get(ProjectOpeningService).open({ ...decided, lane: 'quarterly' })).resolves.toBe('opened-with-the-slate');
    const project = await sut.request<Project>('GET', `/projects/${projectIdFor(proposalId)}`, { token: officer });
    expect(project.body).toMatchObject({ approvedAmount: 100_000, currency: 'EUR', status: 'active', submittedBy: 'ap-ion', tranches: [] });
  });

  it('reminds before the due date and again while overdue, stops on submission, sends none after a waiver, follows a changed due date', async () => {
    const projectId = await openProject(50_000);
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const schedule = (finalFinancialDue: number) => ({
      reports: [
        { kind: 'interim-narrative', dueOn: at(4_000) },
        { kind: 'interim-financial', dueOn: at(4_000) },
        { kind: 'final-financial', dueOn: at(finalFinancialDue) },
      ],
    });
    expect((await sut.request('PUT', `/projects/${projectId}/reporting-schedule`, { token: officer, body: schedule(5_000) })).status).toBe(
      200,
    );
    const waived = await sut.request<Project>('POST', `/projects/${projectId}/reports/interim-financial-1/decision`, {
      token: officer,
      body: { decision: 'waive', reason: 'Covered by the narrative report.' },
    });
    expect(waived.body.reports.find((r) => r.reportId === 'interim-financial-1')?.state).toBe('waived');
    const moved = await sut.request('PUT', `/projects/${projectId}/reporting-schedule`, { token: officer, body: schedule(14_000) });
    expect(moved.status).toBe(200);

    // interim-narrative-1: before the due date, at it, one interval after it
    const sent = await expectEventually(
      () => {
        const found = reminders(projectId, 'interim-narrative-1');
        expect(found).toHaveLength(3);
        return found;
      },
      { timeoutMs: 15_000 },
    );
    expect(sent.map((r) => [r.reminder, r.sequence])).toEqual([
      ['report-due', 1],
      ['report-overdue', 2],
      ['report-overdue', 3],
    ]);
    [2_000, 4_000, 6_000].forEach((due, index) => {
      const lateBy = Date.parse(sent[index].remindedAt) - (t0 + due);
      expect(lateBy).toBeGreaterThanOrEqual(-100);
      expect(lateBy).toBeLessThan(1_500);
    });
    expect(sent[0]).toMatchObject({
      report: 'interim-narrative',
      recipients: { personIds: ['fc-md-1'] },
      organisationId: ORG,
      dueOn: at(4_000),
    });
    const submitted = await sut.request<Project>('POST', `/projects/${projectId}/reports/interim-narrative-1/submissions`, {
      token: applicant,
      body: { title: 'Interim narrative report', link: 'https://docs.example.org/atpf/interim-1.pdf' },
    });
    expect(submitted.status).toBe(200);

    // The moved report reminds once, before its new due date (at 12 s), never at its old time (3 s); it is the
    // last notice of this test, so the others have had their chance to appear by then.
    const movedReminder = await expectEventually(
      () => {
        const found = reminders(projectId, 'final-financial-1');
        expect(found).toHaveLength(1);
        return found[0];
      },
      { timeoutMs: 20_000 },
    );
    expect(movedReminder).toMatchObject({ reminder: 'report-due', sequence: 1, dueOn: at(14_000) });
    expect(Date.parse(movedReminder.remindedAt)).toBeGreaterThanOrEqual(t0 + 12_000 - 100);
    expect(reminders(projectId, 'interim-narrative-1')).toHaveLength(3);
    expect(reminders(projectId, 'interim-financial-1')).toHaveLength(0);
  });

  it('sends nothing for a repeated job or a job of an older plan', async () => {
    const projectId = await openProject(20_000);
    const dueOn = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await sut.request('PUT', `/projects/${projectId}/reporting-schedule`, {
      token: officer,
      body: { reports: [{ kind: 'final-narrative', dueOn }] },
    });
    const connection = sut.nest.get<Connection>(getConnectionToken());
    const stored = async () => (await connection.collection('projects').findOne({ _id: projectId as never }))!.reports[0].reminders;
    const { plan } = await stored();
    const service = sut.nest.get(ReportRemindersService);
    const job = { projectId, reportId: 'final-narrative-1', plan, step: 0 };
    await expect(service.remind(job)).resolves.toBe('sent');
    await expect(service.remind(job)).resolves.toBe('nothing-to-do');
    await expect(service.remind({ ...job, plan: 'an-older-plan', step: 1 })).resolves.toBe('nothing-to-do');
    expect(await stored()).toMatchObject({ plan, lastStep: 0, nextStep: 1, sent: 1 });
    await expectEventually(() =>
      expect(reminders(projectId, 'final-narrative-1')).toEqual([expect.objectContaining({ reminder: 'report-due', sequence: 1 })]),
    );
  });

  it('plans tranches that add up, releases them as conditions are met, and closes only when complete', async () => {
    const projectId = await openProject(100_000);
    const path = `/projects/${projectId}`;
    const short = await sut.request('PUT', `${path}/tranches`, {
      token: officer,
      body: {
        tranches: [
          { amount: 60_000, condition: 'on-signature' },
          { amount: 30_000, condition: 'final-report-accepted' },
        ],
      },
    });
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({ errors: [{ field: 'tranches', reason: expect.stringContaining('90000') }] });
    const plan = {
      tranches: [
        { amount: 40_000, condition: 'on-signature' },
        { amount: 30_000, condition: 'interim-report-accepted' },
        { amount: 30_000, condition: 'final-report-accepted' },
      ],
    };
    expect((await sut.request('PUT', `${path}/tranches`, { token: officer, body: plan })).status).toBe(200);
    expect((await sut.request('PUT', `${path}/tranches`, { token: applicant, body: plan })).status).toBe(403);

    const signed = await sut.request<Project>('PUT', `${path}/agreement`, {
      token: officer,
      body: {
        reference: 'ATPF/GA/2027/17',
        signedOn: '2027-04-20',
        signatoryIds: ['fo-anna', 'ap-ion'],
        period: { start: '2027-05-01', end: '2027-12-31' },
      },
    });
    expect(signed.status).toBe(200);
    expect(signed.body.agreement).toMatchObject({
      amount: 100_000,
      currency: 'EUR',
      signatories: [{ personId: 'fo-anna' }, { personId: 'ap-ion' }],
    });
    expect(signed.body.tranches.map((t) => t.state)).toEqual(['released', 'planned', 'planned']);
    expect(signed.body.tranches[0]).toMatchObject({ releasedBy: 'fo-anna' });

    const far = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const schedule = {
      reports: [
        { kind: 'interim-narrative', dueOn: far(60) },
        { kind: 'final-narrative', dueOn: far(200) },
        { kind: 'final-financial', dueOn: far(200) },
      ],
    };
    expect((await sut.request('PUT', `${path}/reporting-schedule`, { token: officer, body: schedule })).status).toBe(200);
    const link = { title: 'Report', link: 'https://docs.example.org/atpf/r.pdf' };
    expect((await sut.request('POST', `${path}/reports/interim-narrative-1/submissions`, { token: applicant, body: link })).status).toBe(
      200,
    );
    const accepted = await sut.request<Project>('POST', `${path}/reports/interim-narrative-1/decision`, {
      token: officer,
      body: { decision: 'accept' },
    });
    expect(accepted.body.tranches.map((t) => t.state)).toEqual(['released', 'released', 'planned']);

    const early = await sut.request('POST', `${path}/closure`, { token: officer });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      current: { missing: ['final-narrative-1 report (pending)', 'final-financial-1 report (pending)', 'final evaluation'] },
    });

    expect((await sut.request('POST', `${path}/reports/final-narrative-1/submissions`, { token: applicant, body: link })).status).toBe(200);
    const changes = await sut.request<Project>('POST', `${path}/reports/final-narrative-1/decision`, {
      token: officer,
      body: { decision: 'request-changes', reason: 'Add the indicators of result 2.' },
    });
    expect(changes.body.reports.find((r) => r.reportId === 'final-narrative-1')?.state).toBe('changes-requested');
    expect((await sut.request('POST', `${path}/reports/final-narrative-1/submissions`, { token: applicant, body: link })).status).toBe(200);
    expect(
      (await sut.request('POST', `${path}/reports/final-narrative-1/decision`, { token: officer, body: { decision: 'accept' } })).status,
    ).toBe(200);
    await sut.request('POST', `${path}/reports/final-financial-1/decision`, {
      token: officer,
      body: { decision: 'waive', reason: 'Audited by the mission.' },
    });
    const stillMissing = await sut.request('POST', `${path}/closure`, { token: officer });
    expect(stillMissing.body).toMatchObject({ current: { missing: ['final evaluation'] } });
    const evaluated = await sut.request('PUT', `${path}/evaluation`, {
      token: officer,
      body: { rating: 4, lessonsLearned: 'Training shelter staff together with social workers built a referral habit.' },
    });
    expect(evaluated.status).toBe(200);
    const closed = await sut.request<Project>('POST', `${path}/closure`, { token: officer });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'fo-anna' });
    expect(closed.body.tranches.every((t) => t.state === 'released')).toBe(true);
    expect((await sut.request('POST', `${path}/closure`, { token: officer })).body).toMatchObject({
      status: 409,
      current: { status: 'closed' },
    });
  });

  it('decides change requests four-eyes and re-checks the envelope', async () => {
    const projectId = await openProject(100_000);
    const path = `/projects/${projectId}`;
    await sut.request('PUT', `${path}/tranches`, {
      token: officer,
      body: { tranches: [{ amount: 100_000, condition: 'final-report-accepted' }] },
    });
    const available = (await sut.nest.get(EnvelopeLedger).balance(CYCLE)).available;

    const key = `cr-${uniqueSuffix()}`;
    const body = { newAmount: 100_000 + available + 1, reason: 'A third training in Balti.' };
    const requested = await sut.request<Project>('POST', `${path}/change-requests`, {
      token: applicant,
      body,
      headers: { 'Idempotency-Key': key },
    });
    expect(requested.status).toBe(201);
    const retried = await sut.request<Project>('POST', `${path}/change-requests`, {
      token: applicant,
      body,
      headers: { 'Idempotency-Key': key },
    });
    expect(retried.status).toBe(200);
    expect(retried.body.changeRequests).toHaveLength(1);
    const { changeId } = requested.body.changeRequests[0];

    const misfit = await sut.request('POST', `${path}/change-requests/${changeId}/preparation`, {
      token: officer,
      body: { tranches: [{ amount: 100_000, condition: 'final-report-accepted' }] },
    });
    expect(misfit.status).toBe(422);
    const prepared = await sut.request('POST', `${path}/change-requests/${changeId}/preparation`, {
      token: officer,
      body: { tranches: [{ amount: body.newAmount, condition: 'final-report-accepted' }] },
    });
    expect(prepared.status).toBe(200);

    const ownDecision = await sut.request('POST', `${path}/change-requests/${changeId}/decision`, {
      token: officer,
      body: { decision: 'approve' },
    });
    expect(ownDecision.status).toBe(403);
    const overEnvelope = await sut.request('POST', `${path}/change-requests/${changeId}/decision`, {
      token: otherOfficer,
      body: { decision: 'approve' },
    });
    expect(overEnvelope.status).toBe(409);
    expect(overEnvelope.body).toMatchObject({ current: { available, cycleId: CYCLE } });
    const afterRefusal = await sut.request<Project>('GET', path, { token: officer });
    expect(afterRefusal.body).toMatchObject({ approvedAmount: 100_000 });
    expect((await sut.nest.get(EnvelopeLedger).balance(CYCLE)).available).toBe(available);
    await sut.request('POST', `${path}/change-requests/${changeId}/decision`, {
      token: otherOfficer,
      body: { decision: 'reject', reason: 'Over the envelope.' },
    });

    const fitting = await sut.request<Project>('POST', `${path}/change-requests`, {
      token: officer,
      body: { newAmount: 120_000, reason: 'Interpretation costs.' },
    });
    expect(fitting.status).toBe(201);
    const second = fitting.body.changeRequests[1].changeId;
    await sut.request('POST', `${path}/change-requests/${second}/preparation`, {
      token: officer,
      body: {
        tranches: [
          { amount: 20_000, condition: 'on-signature' },
          { amount: 100_000, condition: 'final-report-accepted' },
        ],
      },
    });
    const approved = await sut.request<Project>('POST', `${path}/change-requests/${second}/decision`, {
      token: committee,
      body: { decision: 'approve' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ approvedAmount: 120_000 });
    expect(approved.body.tranches.map((t) => t.amount)).toEqual([20_000, 100_000]);
    expect((await sut.nest.get(EnvelopeLedger).balance(CYCLE)).available).toBe(available - 20_000);
    const again = await sut.request('POST', `${path}/change-requests/${second}/decision`, {
      token: otherOfficer,
      body: { decision: 'approve' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ current: { state: 'approved' } });
  });

  it("shows applicants their organisation's projects without internal notes, and nobody else's", async () => {
    const projectId = await openProject(30_000);
    await sut.request('POST', `/projects/${projectId}/notes`, {
      token: officer,
      body: { text: 'Partner slow to reply; call the mission.' },
    });
    const internal = await sut.request<Project>('GET', `/projects/${projectId}`, { token: committee });
    expect(internal.body.notes).toEqual([expect.objectContaining({ text: 'Partner slow to reply; call the mission.' })]);
    const own = await sut.request<Project>('GET', `/projects/${projectId}`, { token: applicant });
    expect(own.status).toBe(200);
    expect(own.body).not.toHaveProperty('notes');
    expect(JSON.stringify(own.body)).not.toContain('Partner slow');
    expect((await sut.request('GET', `/projects/${projectId}`, { token: strangerApplicant })).status).toBe(404);
    const strangerList = await sut.listAll<Project>('/projects', strangerApplicant);
    expect(strangerList.map((p) => p.projectId)).not.toContain(projectId);
    const ownList = await sut.listAll<Project>('/projects', applicant);
    expect(ownList.map((p) => p.projectId)).toContain(projectId);
    expect(ownList.every((p) => !('notes' in p))).toBe(true);
    const reviewer = await sut.token(['fund-reviewer'], { subject: 'rv-1' });
    expect((await sut.request('GET', `/projects/${projectId}`, { token: reviewer })).status).toBe(403);
    const strangerChange = await sut.request('POST', `/projects/${projectId}/change-requests`, {
      token: strangerApplicant,
      body: { newAmount: 40_000, reason: 'x' },
    });
    expect(strangerChange.status).toBe(404);
  });
});
