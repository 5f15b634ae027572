import { CATALOGUE, deadLetterTopicOf, TOPICS } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import { expectEventually, testKafka, TopicRecorder } from '@ctip/testing';
import { AlertStack } from './alert-stack';

const KZ = 'osce-presence-kz';
/** The Kazakhstan presence's fund contacts read Russian first (apps/directory/src/cli/demo-directory.ts). */
const KZ_CONTACTS = ['fund-contact-kz-1', 'fund-contact-kz-2'];
const OFFICERS = ['odihr-fund-officer-1', 'odihr-fund-officer-2'];
const REVIEWERS = ['odihr-fund-reviewer-1', 'odihr-fund-reviewer-2'];
/** Short, so the test outlives it: the resubmission, a few requests later, must have cancelled it. */
const CONSULTATION_REMINDER_MS = 3_000;

/** A Russian-language proposal of the OSCE Centre in Almaty: EUR 50,000 of lines, 5,000 co-funded. */
function kazakhstanContent(title: string, amountRequested: number) {
  return {
    title,
    summary: 'Круглосуточная горячая линия и прямая помощь пострадавшим от торговли людьми в Алматы и Астане.',
    language: 'ru',
    countries: ['KZ'],
    implementingPartnerIds: [],
    activityTypes: ['hotline', 'direct-assistance'],
    targetGroups: ['пострадавшие от торговли людьми', 'трудовые мигранты'],
    plannedStart: '2027-07-01',
    plannedEnd: '2028-06-30',
    budget: {
      currency: 'EUR',
      lines: [
        { category: 'staff', description: 'Консультанты горячей линии', amount: 3_000_000 },
        { category: 'assistance', description: 'Приют и юридическая помощь', amount: 2_000_000 },
      ],
      coFunding: 500_000,
      amountRequested,
    },
    expectedResults: [{ result: 'Звонки приняты и перенаправлены', indicators: [{ indicator: 'перенаправлений в месяц' }] }],
    criteriaStatements: {
      impact: 'Линия отвечает на звонки с первого месяца.',
      'national-partners': 'Работает с национальными НКО.',
      'state-ngo-cooperation': 'Перенаправление по национальному механизму.',
      'regional-networking': 'Связь с линиями в Кыргызстане и Узбекистане.',
    },
  };
}

/**
 * The Anti-Trafficking Project Fund end to end, every service its own process from dist as `npm start`
 * runs them, the demo directory and the fund's demo data seeded, email at a real SMTP server. Everything
 * goes through the HTTP API with development tokens of the demo people: a Kazakhstan proposal from draft
 * to an open project through consultation, screening, review, the quarterly close by its job and the
 * committee; an urgent request decided four-eyes; and a privacy canary searched for everywhere it must not be.
 */
describe('project fund lifecycle, end to end', () => {
  const stack = new AlertStack({
    prefix: 'fund-e2e',
    ports: { 'case-coordination': 16401, 'fund-proposals': 16402, 'training-events': 16403, notifications: 16404, directory: 16405 },
    fundSeed: true,
    env: {
      FUND_CONSULTATION_REMINDER_MS: String(CONSULTATION_REMINDER_MS),
      // Long enough that no urgent reminder or escalation fires during the test: only the request's alert is mailed.
      FUND_URGENT_SLA_MS: '600000',
      FUND_URGENT_RESERVE_PERCENT: '20',
      // The test reads the public routes more often than a visitor's limit allows; the limiter has its own test.
      FUND_PUBLIC_RATE_LIMIT: '100000',
    },
  });
  const { run, smtp, processes } = stack;
  const canary = `Canary${run}Fund`;
  const fund = stack.url('fund-proposals');
  const token = stack.token.bind(stack);
  const call = stack.call.bind(stack);
  const mailTo = stack.mailTo.bind(stack);
  const mailsAbout = (personId: string, ref: string) => mailTo(personId).filter((m) => m.subject.includes(ref));

  let applicant: string;
  let officer: string;
  let officer2: string;
  let member: string;
  /** Filled by the lifecycle, read by the canary search. */
  const state = { proposalId: '', proposalRef: '', urgentId: '', urgentRef: '', revisionRequestedAt: 0 };

  beforeAll(async () => {
    await stack.start();
    applicant = await token('fp-kz-primary', ['fund-applicant'], ['KZ'], KZ);
    officer = await token(OFFICERS[0], ['fund-officer'], [], 'odihr-atpf');
    officer2 = await token(OFFICERS[1], ['fund-officer'], [], 'odihr-atpf');
    member = await token('odihr-fund-committee-1', ['fund-committee'], [], 'odihr-atpf');
    // The fund's and the notifications' copies of the directory, built from its events.
    const people = [...KZ_CONTACTS, ...OFFICERS, ...REVIEWERS, 'odihr-fund-committee-1'];
    await expectEventually(
      async () => {
        const fundPeople = stack.scoped('fund-proposals').collection('directory_people');
        expect(await fundPeople.countDocuments({ _id: { $in: people as never[] } })).toBe(people.length);
        expect(
          await stack
            .scoped('fund-proposals')
            .collection('directory_organisations')
            .countDocuments({ _id: KZ as never }),
        ).toBe(1);
        const recipients = stack.scoped('notifications').collection('recipients');
        expect(await recipients.countDocuments({ _id: { $in: [...KZ_CONTACTS, ...OFFICERS] as never[] } })).toBe(4);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  }, 400_000);

  afterAll(() => stack.stop(), 60_000);

  it('takes a Kazakhstan proposal from draft to an open project, and decides an urgent request four-eyes from the reserve', async () => {
    // The current quarter's successor is open already: the urgent lane draws on it once 2027-Q1 is decided.
    const q2 = await call(fund, 'POST', '/cycles', officer, {
      cycleId: '2027-Q2',
      cutOff: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      decisionDate: new Date(Date.now() + 40 * 86_400_000).toISOString(),
      amount: 10_000_000,
    });
    expect(q2.status).toBe(201);

    // Draft, edit, submit.
    const content = kazakhstanContent('Горячая линия для пострадавших от торговли людьми', 4_000_000);
    const draft = await call(fund, 'POST', '/proposals', applicant, content, { 'idempotency-key': `kz-hotline-${run}` });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', revision: 1, organisationId: KZ });
    const { proposalId: id, proposalRef: ref } = draft.body as { proposalId: string; proposalRef: string };
    Object.assign(state, { proposalId: id, proposalRef: ref });
    const edit = await call(fund, 'PUT', `/proposals/${id}`, applicant, {
      ...kazakhstanContent('Горячая линия и помощь пострадавшим от торговли людьми', 4_200_000),
      revision: 1,
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ revision: 2, status: 'draft' });
    const submitted = await call(fund, 'POST', `/proposals/${id}/submission`, applicant);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedVersion: 1 });

    // Consultation: the officer asks for a revision, the applicant edits and resubmits.
    state.revisionRequestedAt = Date.now();
    const revision = await call(fund, 'POST', `/proposals/${id}/revision-requests`, officer, {
      points: [{ section: 'budget', text: 'Split the staff line by role.' }],
    });
    expect(revision.status).toBe(200);
    expect(revision.body).toMatchObject({ status: 'in-consultation' });
    const inConsultation = (await call(fund, 'GET', `/proposals/${id}`, applicant)).body as { revision: number };
    const revised = kazakhstanContent('Горячая линия и помощь пострадавшим от торговли людьми', 4_200_000);
    revised.budget.lines = [
      { category: 'staff', description: 'Консультанты горячей линии (2 × 12 месяцев)', amount: 2_000_000 },
      { category: 'staff', description: 'Координатор линии (12 месяцев)', amount: 1_000_000 },
      { category: 'assistance', description: 'Приют и юридическая помощь', amount: 2_000_000 },
    ];
    expect((await call(fund, 'PUT', `/proposals/${id}`, applicant, { ...revised, revision: inConsultation.revision })).status).toBe(200);
    const resubmitted = await call(fund, 'POST', `/proposals/${id}/submission`, applicant);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ status: 'submitted', submittedVersion: 2 });
    expect(Date.now() - state.revisionRequestedAt).toBeLessThan(CONSULTATION_REMINDER_MS);
    const compared = await call(fund, 'GET', `/proposals/${id}/versions/compare?from=1&to=2`, applicant);
    expect(compared.status).toBe(200);
    expect(JSON.stringify(compared.body)).toContain('Координатор линии');

    // Screening, then two reviewers who declare no conflict and score (one justification carries the canary).
    const screened = await call(fund, 'POST', `/proposals/${id}/screening`, officer, { antiTraffickingPurpose: true });
    expect(screened.status).toBe(200);
    expect(screened.body).toMatchObject({ status: 'eligible' });
    const assigned = await call(fund, 'POST', `/proposals/${id}/reviewers`, officer, { reviewerIds: REVIEWERS });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'in-review', progress: { assigned: 2, able: 2 } });
    for (const [n, reviewerId] of REVIEWERS.entries()) {
      const reviewer = await token(reviewerId, ['fund-reviewer'], [], 'odihr-atpf');
      const declared = await call(fund, 'POST', `/reviews/${id}/declaration`, reviewer, {
        hasConflict: false,
        statement: 'No ties to the applicant or its partners.',
      });
      expect(declared.status).toBe(200);
      const scored = await call(fund, 'PUT', `/reviews/${id}/scores`, reviewer, {
        scores: {
          impact: {
            score: 4,
            justification: n === 0 ? `Strong short-term results; ${canary} noted in the annex.` : 'Results from month one.',
          },
          'national-partners': { score: 4, justification: 'National NGOs run it.' },
          'state-ngo-cooperation': { score: 3 + n, justification: 'Referral mechanism with the ministry.' },
          'regional-networking': { score: 3, justification: 'Links to two neighbours.' },
        },
      });
      expect(scored.status).toBe(200);
      expect(scored.body).toMatchObject({ proposalStatus: n === 0 ? 'in-review' : 'reviewed' });
    }

    // 2027-Q1 closes by its job at a cut-off a few seconds ahead; a close by hand afterwards changes nothing.
    const q1 = await call(fund, 'POST', '/cycles', officer, {
      cycleId: '2027-Q1',
      cutOff: new Date(Date.now() + 4_000).toISOString(),
      decisionDate: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      amount: 10_000_000,
    });
    expect(q1.status).toBe(201);
    expect(q1.body).toMatchObject({ status: 'open', balance: { envelope: 10_000_000, urgentReserve: 2_000_000 } });
    const closed = await expectEventually(
      async () => {
        const cycle = await call(fund, 'GET', '/cycles/2027-Q1', officer);
        expect(cycle.body).toMatchObject({ status: 'closed', closing: { by: 'schedule' }, slate: { lines: 1, proposedForApproval: 1 } });
        return cycle.body;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const again = await call(fund, 'POST', '/cycles/2027-Q1/close', officer);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(closed);
    const slate = await call(fund, 'GET', '/cycles/2027-Q1/slate', officer);
    expect(slate.body.items).toEqual([
      expect.objectContaining({ proposalId: id, rank: 1, proposed: { decision: 'approve', amount: 4_200_000 }, applied: false }),
    ]);

    // Prepared by an officer, confirmed by a committee member; the preparer cannot confirm, even holding the role.
    const prepared = await call(fund, 'POST', '/cycles/2027-Q1/slate/prepare', officer);
    expect(prepared.status).toBe(200);
    expect(prepared.body).toMatchObject({ status: 'prepared', confirmation: { preparedBy: OFFICERS[0] } });
    expect((await call(fund, 'POST', '/cycles/2027-Q1/slate/confirm', officer)).status).toBe(403);
    const preparerOnCommittee = await token(OFFICERS[0], ['fund-officer', 'fund-committee'], [], 'odihr-atpf');
    const ownConfirmation = await call(fund, 'POST', '/cycles/2027-Q1/slate/confirm', preparerOnCommittee);
    expect(ownConfirmation.status).toBe(403);
    expect(ownConfirmation.body.detail).toMatch(/someone other than/);
    const confirmed = await call(fund, 'POST', '/cycles/2027-Q1/slate/confirm', member);
    expect(confirmed.status).toBe(202);
    await expectEventually(
      async () =>
        expect((await call(fund, 'GET', '/cycles/2027-Q1', officer)).body).toMatchObject({
          status: 'confirmed',
          confirmation: { confirmedBy: 'odihr-fund-committee-1', approved: 1, applied: 1 },
          balance: { committed: 4_200_000 },
        }),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const approved = await call(fund, 'GET', `/proposals/${id}`, applicant);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decision: { decision: 'approved', amountApproved: 4_200_000, cycleId: '2027-Q1' },
    });

    // The approval opens a project, which the applicant sees.
    const project = await expectEventually(
      async () => {
        const found = await call(fund, 'GET', `/projects/project-${id}`, applicant);
        expect(found.status).toBe(200);
        return found.body;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(project).toMatchObject({ projectId: `project-${id}`, proposalId: id, organisationId: KZ, approvedAmount: 4_200_000 });

    // The fund contacts, who read Russian, get the revision request and the decision in Russian, once each.
    await expectEventually(
      () => {
        for (const contact of KZ_CONTACTS) {
          const mails = mailsAbout(contact, ref);
          expect(mails.filter((m) => m.subject === `Требуется доработка предложения ${ref}`)).toHaveLength(1);
          expect(mails.filter((m) => m.subject === `Решение по проекту ${ref}: одобрено`)).toHaveLength(1);
        }
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    for (const contact of KZ_CONTACTS) {
      const decision = mailsAbout(contact, ref).find((m) => m.subject.startsWith('Решение'))!;
      expect(decision.text).toContain('Фонд по борьбе с торговлей людьми принял решение');
      expect(decision.text).toMatch(/Решение: одобрено, сумма: 42[\s\u00a0\u202f]?000/);
      expect(decision.text).toContain('цикл 2027-Q1');
      expect(mailsAbout(contact, ref).find((m) => m.subject.startsWith('Требуется'))!.text).toContain('Что доработать');
    }

    // An urgent request on another proposal: the on-duty fund officers are alerted at once.
    const second = await call(fund, 'POST', '/proposals', applicant, kazakhstanContent('Экстренная помощь по делу', 1_500_000), {
      'idempotency-key': `kz-urgent-${run}`,
    });
    expect(second.status).toBe(201);
    const { proposalId: urgentId, proposalRef: urgentRef } = second.body as { proposalId: string; proposalRef: string };
    Object.assign(state, { urgentId, urgentRef });
    expect((await call(fund, 'POST', `/proposals/${urgentId}/submission`, applicant)).status).toBe(200);
    const asked = await call(fund, 'POST', `/proposals/${urgentId}/urgent`, applicant, {
      justification: `Shelter place needed this week for case RR-2026-000123; ${canary} explains why it cannot wait.`,
      caseRef: 'RR-2026-000123',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'urgent-pending', caseRef: 'RR-2026-000123' });
    await expectEventually(
      () => {
        for (const officerId of OFFICERS)
          expect(mailsAbout(officerId, urgentRef).filter((m) => m.subject.startsWith('[Urgent] Fund request'))).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // Four eyes: one officer proposes, the same officer cannot confirm, another does; the money is the reserve's.
    const proposed = await call(fund, 'POST', `/proposals/${urgentId}/urgent/decision`, officer, {
      decision: 'approve',
      amount: 1_200_000,
    });
    expect(proposed.status).toBe(200);
    expect((await call(fund, 'POST', `/proposals/${urgentId}/urgent/decision/confirmation`, officer)).status).toBe(403);
    const decided = await call(fund, 'POST', `/proposals/${urgentId}/urgent/decision/confirmation`, officer2);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'approved',
      decision: { decision: 'approved', cycleId: '2027-Q2', amountApproved: 1_200_000, confirmedBy: OFFICERS },
    });
    const balance = await call(fund, 'GET', '/cycles/2027-Q2/balance', officer);
    expect(balance.body).toMatchObject({ urgentCommitted: 1_200_000, committed: 0 });
    await expectEventually(
      async () => {
        expect((await call(fund, 'GET', `/projects/project-${urgentId}`, officer)).status).toBe(200);
        for (const contact of KZ_CONTACTS)
          expect(mailsAbout(contact, urgentRef).filter((m) => m.subject === `Решение по проекту ${urgentRef}: одобрено`)).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  });

  it('keeps the canary of a review justification and an urgent justification out of public answers, Kafka, logs and email', async () => {
    const { proposalId, proposalRef, urgentId, urgentRef } = state;
    expect(proposalId && urgentId).toBeTruthy();

    // The public list, statistics and CSV: both approved projects are there, the canary is not.
    const publicPages = await expectEventually(
      async () => {
        const pages: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await fetch(`${fund}/public/projects?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          expect(response.status).toBe(200);
          const page = (await response.json()) as { items: { reference: string }[]; nextCursor: string | null };
          pages.push(JSON.stringify(page));
          cursor = page.nextCursor;
        } while (cursor);
        expect(pages.join('\n')).toContain(proposalRef);
        expect(pages.join('\n')).toContain(urgentRef);
        return pages;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const statistics = await (await fetch(`${fund}/public/projects/statistics`)).text();
    const csv = await (await fetch(`${fund}/public/projects/export.csv`)).text();
    expect(csv).toContain(proposalRef);
    expect(csv.split('\r\n').length).toBeGreaterThan(34); // the 34 demo projects and ours
    for (const answer of [...publicPages, statistics, csv]) expect(answer).not.toContain(canary);

    // Every topic of the namespace, dead-letter topics too, read from the beginning.
    const liveTopics = Object.keys(CATALOGUE).map((t) => namespacedTopic(t, stack.ns));
    const deadLetterTopics = liveTopics.map(deadLetterTopicOf);
    const topics = [...liveTopics, ...deadLetterTopics];
    const recorder = await new TopicRecorder(testKafka(), `fund-canary-${run}`).start(topics);
    try {
      await expectEventually(() => {
        const decided = recorder.of(namespacedTopic(TOPICS.fundProposalDecided, stack.ns)).map((m) => m.key);
        expect(decided).toEqual(expect.arrayContaining([proposalId, urgentId]));
        expect(recorder.of(namespacedTopic(TOPICS.fundUrgentRequested, stack.ns))).toHaveLength(1);
        expect([...recorder.messages.values()].flat().length).toBeGreaterThan(100);
      });
      const kafka = [...recorder.messages.values()].flat().map((m) => `${m.key} ${m.value} ${JSON.stringify(m.headers)}`);
      expect(kafka.filter((m) => m.includes(canary))).toEqual([]);
      // Nothing of the lifecycle was refused by a consumer either.
      expect(deadLetterTopics.flatMap((t) => recorder.of(t))).toEqual([]);

      // The resubmission cancelled the consultation reminder: long past its time, no reminder event was published,
      // and each contact has the revision request and the decision of that proposal, nothing else.
      expect(Date.now() - state.revisionRequestedAt).toBeGreaterThan(CONSULTATION_REMINDER_MS + 2_000);
      expect(recorder.of(namespacedTopic(TOPICS.fundReminderDue, stack.ns))).toEqual([]);
      for (const contact of KZ_CONTACTS) expect(mailsAbout(contact, proposalRef)).toHaveLength(2);
    } finally {
      await recorder.stop();
    }

    // Every log line of every process, every email.
    for (const proc of processes) expect(proc.lines.filter((line) => line.includes(canary))).toEqual([]);
    // The fund's log did record the requests that carried the phrase (by path), so the search read the right lines.
    const fundLog = stack.process('fund-proposals').lines;
    expect(fundLog.filter((line) => line.includes(`PUT /reviews/${proposalId}/scores 200`))).toHaveLength(2);
    expect(fundLog.filter((line) => line.includes(`POST /proposals/${urgentId}/urgent 200`))).toHaveLength(1);
    expect(smtp.received.filter((m) => JSON.stringify(m).includes(canary))).toEqual([]);

    // The control: the phrase is stored where it belongs, and the officers read it back, so the searches above could find it.
    const panel = await call(fund, 'GET', `/reviews/${proposalId}`, officer);
    expect(panel.status).toBe(200);
    expect(JSON.stringify(panel.body)).toContain(canary);
    const urgent = await call(fund, 'GET', `/proposals/${urgentId}`, officer);
    expect(urgent.body.urgent.justification).toContain(canary);
    // …while the applicant, who wrote the justification, reads neither it nor the review from the proposals.
    for (const id of [proposalId, urgentId]) {
      const seenByApplicant = await call(fund, 'GET', `/proposals/${id}`, applicant);
      expect(seenByApplicant.status).toBe(200);
      expect(JSON.stringify(seenByApplicant.body)).not.toContain(canary);
    }
  });
});
