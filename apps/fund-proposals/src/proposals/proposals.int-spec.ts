import { loadConfig } from '@ctip/config';
import {
  CATALOGUE,
  TOPICS,
  type FundProposalRevisionRequested,
  type FundProposalScreened,
  type FundProposalSubmitted,
  type FundReminderDue,
  type Payload,
  type Topic,
} from '@ctip/contracts';
import { createKafka, EventProducer } from '@ctip/messaging';
import { createLogger } from '@ctip/observability';
import { JobQueues } from '@ctip/scheduling';
import { expectEventually, ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { FundDirectory } from '../directory-view/fund-directory';
import { consultationReminderJob, consultationReminderJobId } from './consultation-reminder.jobs';
import { moldovaHotlineContent } from './proposal-content.fixture';
import { ProposalRepository } from './proposal.repository';

const REMINDER_MS = 6_000;

type View = {
  proposalId: string;
  status: string;
  revision: number;
  submittedVersion: number;
  updatedAt: string;
  content: { title: string; budget: { amountRequested: number } };
  consultation: {
    comments: { text: string; internal?: boolean }[];
    rounds: { version: number; durationMs?: number; respondedAt?: string }[];
    totalMs: number;
  };
  screening?: { outcome: string; reasons: string[]; checks?: Record<string, boolean>; note?: string };
  review?: unknown;
  current?: { revision?: number; status?: string };
  errors?: { field: string; reason: string }[];
};

/**
 * The proposals API on the real servers: a fund-proposals service in-process in a fresh namespace, its
 * directory read model fed by `directory.*` events as the directory service publishes them.
 */
describe('fund proposals', () => {
  const run = uniqueSuffix();
  const id = (name: string) => `${name}-${run}`;
  const org = {
    md: id('osce-presence-md'),
    shelter: id('md-shelter'),
    ngo: id('ngo-ua'),
    quiet: id('osce-presence-al'),
    unit: id('odihr-atu'),
  };
  const people = {
    contact1: id('md-fund-contact-1'),
    contact2: id('md-fund-contact-2'),
    formerContact: id('md-former'),
    mdApplicant: id('md-applicant'),
  };
  let sut: ServiceUnderTest;
  let producer: EventProducer;
  let tokens: { applicant: string; otherApplicant: string; quietApplicant: string; officer: string; reviewer: string; committee: string };

  const publish = <T extends Topic>(topic: T, data: Payload<T>) => producer.publish(topic, data);
  const organisation = (
    organisationId: string,
    kind: 'field-presence' | 'partner' | 'coordination-unit',
    country: string,
    revision = 1,
    name = organisationId,
  ) =>
    publish(TOPICS.directoryOrganisationChanged, {
      organisationId,
      kind,
      ...(kind === 'partner' ? { partnerType: 'ngo' as const } : {}),
      name: `[TEST] ${name}`,
      country,
      countriesCovered: [country],
      regions: [],
      services: [],
      languages: ['en', 'ru'],
      timeZone: 'Europe/Chisinau',
      active: true,
      revision,
      demo: true,
    });
  const person = (personId: string, organisationId: string, roles: string[], active = true) =>
    publish(TOPICS.directoryPersonChanged, {
      personId,
      organisationId,
      displayName: `[TEST] ${personId}`,
      roles,
      languages: ['ru', 'en'],
      timeZone: 'Europe/Chisinau',
      contactPoints: [{ contactPointId: 'email', channel: 'email', address: `${personId}@demo.example.org`, verified: true, priority: 0 }],
      active,
      revision: 1,
      demo: true,
    });

  const call = <T = View>(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
    sut.request<T>(method, path, { token, body, headers });
  const content = (partners = [org.shelter]) => moldovaHotlineContent(partners);
  const createDraft = async (token = tokens.applicant, body: unknown = content()) => {
    const created = await call('POST', '/proposals', token, body, { 'Idempotency-Key': `draft-${uniqueSuffix()}` });
    expect(created.status).toBe(201);
    return created.body;
  };
  const submit = (proposalId: string, token = tokens.applicant) => call('POST', `/proposals/${proposalId}/submission`, token);
  const edit = (proposal: View, changes: Record<string, unknown>, token = tokens.applicant) =>
    call('PUT', `/proposals/${proposal.proposalId}`, token, { ...proposal.content, ...changes, revision: proposal.revision });
  const requestRevision = (proposalId: string) =>
    call('POST', `/proposals/${proposalId}/revision-requests`, tokens.officer, {
      points: [
        { section: 'budget', text: 'Split the staff line by role.' },
        { section: 'criteria-statements', text: 'Say how State and NGO actors meet.' },
      ],
    });
  const reminderJob = (proposalId: string, version: number) =>
    sut.nest.get(JobQueues).queue(consultationReminderJob.queue).getJob(consultationReminderJobId(proposalId, version));
  const eventsFor = <T>(topic: Topic, proposalId: string) => sut.eventsOf<T>(topic, proposalId).map((e) => e.data);

  beforeAll(async () => {
    sut = await ServiceUnderTest.start({
      name: 'fund-proposals',
      port: 14100,
      module: (env) => AppModule.forRoot(loadConfig(configSchema, env)),
      record: [TOPICS.fundProposalSubmitted, TOPICS.fundProposalRevisionRequested, TOPICS.fundProposalScreened, TOPICS.fundReminderDue],
      env: {
        FUND_CONSULTATION_REMINDER_MS: String(REMINDER_MS),
        FUND_PROJECT_LIMIT_MINOR: '10000000',
        FUND_UNIT_ORGANISATION_ID: org.unit,
      },
    });
    producer = new EventProducer(
      createKafka({
        clientId: 'fund-test',
        brokers: process.env.KAFKA_BROKERS!.split(','),
        logger: createLogger({ service: 'fund-test', level: 'silent' }),
      }),
      CATALOGUE,
      'directory',
      sut.namespace,
    );
    await organisation(org.md, 'field-presence', 'MD');
    await organisation(org.shelter, 'partner', 'MD');
    await organisation(org.ngo, 'partner', 'UA');
    await organisation(org.quiet, 'field-presence', 'AL');
    await organisation(org.unit, 'coordination-unit', 'PL');
    await person(people.contact1, org.md, ['fund-contact', 'focal-point']);
    await person(people.contact2, org.md, ['fund-contact']);
    await person(people.formerContact, org.md, ['fund-contact'], false);
    await person(people.mdApplicant, org.md, ['fund-applicant']);
    await person(id('officer'), org.unit, ['fund-officer']);
    const directory = sut.nest.get(FundDirectory);
    await expectEventually(async () => {
      expect(await directory.organisation(org.unit)).toBeDefined();
      expect((await directory.unitPeople('fund-officer')).map((p) => p._id)).toEqual([id('officer')]);
      expect((await directory.peopleOf(org.md, 'fund-contact')).map((p) => p._id)).toEqual([people.contact1, people.contact2]);
    });
    tokens = {
      applicant: await sut.token(['fund-applicant'], { subject: people.mdApplicant, organisationId: org.md }),
      otherApplicant: await sut.token(['fund-applicant'], { subject: id('ua-applicant'), organisationId: org.ngo }),
      quietApplicant: await sut.token(['fund-applicant'], { subject: id('al-applicant'), organisationId: org.quiet }),
      officer: await sut.token(['fund-officer'], { subject: id('officer'), organisationId: org.unit }),
      reviewer: await sut.token(['fund-reviewer'], { subject: id('reviewer'), organisationId: org.unit }),
      committee: await sut.token(['fund-committee'], { subject: id('committee'), organisationId: org.unit }),
    };
  });

  afterAll(async () => {
    await producer?.disconnect();
    await sut?.close();
  });

  it('keeps the newest snapshot of an organisation, ignoring an older one delivered late', async () => {
    const directory = sut.nest.get(FundDirectory);
    await organisation(org.ngo, 'partner', 'UA', 3, 'renamed');
    await expectEventually(async () => expect((await directory.organisation(org.ngo))?.name).toBe('[TEST] renamed'));
    await organisation(org.ngo, 'partner', 'UA', 2, 'older');
    await person(id('marker'), org.ngo, ['fund-contact']);
    await expectEventually(async () => expect(await directory.person(id('marker'))).toBeDefined());
    expect(await directory.organisation(org.ngo)).toMatchObject({ name: '[TEST] renamed', revision: 3, kind: 'partner', country: 'UA' });
  });

  describe('the consultation round trip', () => {
    let proposal: View;
    let silent: View;

    it('creates a draft once per Idempotency-Key', async () => {
      const headers = { 'Idempotency-Key': `create-${run}` };
      const first = await call('POST', '/proposals', tokens.applicant, content(), headers);
      const retry = await call('POST', '/proposals', tokens.applicant, content(), headers);
      expect([first.status, retry.status]).toEqual([201, 200]);
      expect(retry.body.proposalId).toBe(first.body.proposalId);
      expect(first.body).toMatchObject({ status: 'draft', revision: 1, submittedVersion: 0, organisationId: org.md });
      proposal = first.body;
    });

    it('refuses a stale edit with the current revision and changes nothing for an unchanged body', async () => {
      const edited = await edit(proposal, { title: 'Hotline and direct assistance in Moldova, 2027–2028' });
      expect(edited.status).toBe(200);
      expect(edited.body.revision).toBe(2);

      const stale = await edit(proposal, { title: 'Another title' });
      expect(stale.status).toBe(409);
      expect(stale.body.current).toEqual({ revision: 2 });

      const unchanged = await edit(edited.body, {});
      expect(unchanged.status).toBe(200);
      expect(unchanged.body).toMatchObject({ revision: 2, updatedAt: edited.body.updatedAt });
      proposal = edited.body;
    });

    it('submits: version 1 is frozen and the submission published', async () => {
      const submitted = await submit(proposal.proposalId);
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', submittedVersion: 1 });
      await expectEventually(() =>
        expect(eventsFor<FundProposalSubmitted>(TOPICS.fundProposalSubmitted, proposal.proposalId)).toEqual([
          expect.objectContaining({
            version: 1,
            organisationId: org.md,
            countries: ['MD'],
            amountRequested: { amount: 4_200_000, currency: 'EUR' },
          }),
        ]),
      );
      expect((await submit(proposal.proposalId)).body.current).toEqual({ status: 'submitted' });
      expect(await sut.listAll(`/proposals/${proposal.proposalId}/versions`, tokens.applicant)).toEqual([
        expect.objectContaining({ version: 1, revision: 2, submittedBy: people.mdApplicant }),
      ]);
    });

    it('requests a revision: the fund contacts are told and a reminder is scheduled', async () => {
      const requested = await requestRevision(proposal.proposalId);
      expect(requested.status).toBe(200);
      expect(requested.body.status).toBe('in-consultation');
      await expectEventually(() =>
        expect(eventsFor<FundProposalRevisionRequested>(TOPICS.fundProposalRevisionRequested, proposal.proposalId)).toEqual([
          expect.objectContaining({ version: 1, points: 2, recipients: { personIds: [people.contact1, people.contact2] } }),
        ]),
      );
      await expectEventually(async () => expect(await (await reminderJob(proposal.proposalId, 1))?.getState()).toBe('delayed'));
      expect(JSON.stringify(sut.eventsOf(TOPICS.fundProposalRevisionRequested, proposal.proposalId))).not.toContain('Split the staff line');
    });

    it('resubmits: version 2, the time in consultation recorded, the reminder job removed', async () => {
      const current = (await call('GET', `/proposals/${proposal.proposalId}`, tokens.applicant)).body;
      const lines = [
        { category: 'staff', description: 'Hotline counsellors (2 × 12 months)', amount: 2_400_000 },
        { category: 'staff', description: 'Hotline supervisor (12 months)', amount: 480_000 },
        moldovaHotlineContent().budget.lines[1],
        moldovaHotlineContent().budget.lines[2],
      ];
      const edited = await edit(current, { budget: { ...current.content.budget, lines, amountRequested: 4_000_000 } });
      expect(edited.status).toBe(200);
      const resubmitted = await submit(proposal.proposalId);
      expect(resubmitted.body).toMatchObject({ status: 'submitted', submittedVersion: 2 });
      const [round] = resubmitted.body.consultation.rounds;
      expect(round).toMatchObject({ version: 1, respondedAt: expect.any(String) });
      expect(round.durationMs).toBeGreaterThan(0);
      expect(resubmitted.body.consultation.totalMs).toBe(round.durationMs);

      await expectEventually(async () => expect(await reminderJob(proposal.proposalId, 1)).toBeUndefined());
      await expectEventually(() =>
        expect(eventsFor<FundProposalSubmitted>(TOPICS.fundProposalSubmitted, proposal.proposalId).map((e) => e.version)).toEqual([1, 2]),
      );
      proposal = resubmitted.body;
    });

    it('compares version 1 with version 2 field by field', async () => {
      const compared = await call<{
        changes: { field: string; before: unknown; after: unknown }[];
        budgetLines: { added: unknown[]; removed: unknown[]; changed: unknown[] };
      }>('GET', `/proposals/${proposal.proposalId}/versions/compare?from=1&to=2`, tokens.applicant);
      expect(compared.status).toBe(200);
      expect(compared.body.changes).toEqual([{ field: 'budget.amountRequested', before: 4_200_000, after: 4_000_000 }]);
      expect(compared.body.budgetLines).toEqual({
        added: [{ category: 'staff', description: 'Hotline supervisor (12 months)', amount: 480_000 }],
        removed: [],
        changed: [{ category: 'staff', description: 'Hotline counsellors (2 × 12 months)', before: 2_880_000, after: 2_400_000 }],
      });
      const missing = await call('GET', `/proposals/${proposal.proposalId}/versions/compare?from=1&to=3`, tokens.applicant);
      expect(missing.status).toBe(404);
      const version1 = await call<{ content: { budget: { amountRequested: number } } }>(
        'GET',
        `/proposals/${proposal.proposalId}/versions/1`,
        tokens.officer,
      );
      expect(version1.body.content.budget.amountRequested).toBe(4_200_000);
    });

    it('reminds a silent applicant at its time, and never the one who resubmitted', async () => {
      silent = await createDraft();
      expect((await submit(silent.proposalId)).status).toBe(200);
      const requestedAt = Date.now();
      expect((await requestRevision(silent.proposalId)).status).toBe(200);

      // A reminder that runs after the resubmission (cancelled too late) finds the proposal answered.
      const late = await sut.nest
        .get(JobQueues)
        .add(consultationReminderJob, { proposalId: proposal.proposalId, version: 1 }, { jobId: `late-${run}` });
      await expectEventually(async () => expect(await late.getState()).toBe('completed'));

      const [reminder] = await expectEventually(
        () => {
          const reminders = eventsFor<FundReminderDue>(TOPICS.fundReminderDue, silent.proposalId);
          expect(reminders).toHaveLength(1);
          return reminders;
        },
        { timeoutMs: REMINDER_MS + 20_000 },
      );
      expect(reminder).toMatchObject({
        reminder: 'revision-pending',
        sequence: 1,
        obligationId: `revision-${silent.proposalId}-v1`,
        recipients: { personIds: [people.contact1, people.contact2] },
      });
      expect(Date.parse(reminder.remindedAt) - requestedAt).toBeGreaterThanOrEqual(REMINDER_MS - 50);
      // Its due time came before the silent one's: no reminder for the proposal that was resubmitted.
      expect(eventsFor(TOPICS.fundReminderDue, proposal.proposalId)).toEqual([]);
      const stored = await sut.nest.get(ProposalRepository).findById(proposal.proposalId);
      expect(stored?.consultation.rounds[0].remindedAt).toBeUndefined();
    });

    it('screens the resubmitted proposal eligible', async () => {
      const screened = await call('POST', `/proposals/${proposal.proposalId}/screening`, tokens.officer, {
        antiTraffickingPurpose: true,
        note: 'Referral mechanism confirmed with the mission.',
      });
      expect(screened.status).toBe(200);
      expect(screened.body.status).toBe('eligible');
      expect(screened.body.screening).toMatchObject({ outcome: 'eligible', reasons: [] });
      await expectEventually(() =>
        expect(eventsFor<FundProposalScreened>(TOPICS.fundProposalScreened, proposal.proposalId)).toEqual([
          expect.objectContaining({ outcome: 'eligible', failedChecks: [], version: 2 }),
        ]),
      );
      const applicantSees = await call('GET', `/proposals/${proposal.proposalId}`, tokens.applicant);
      expect(applicantSees.body.screening).toEqual({ outcome: 'eligible', reasons: [], screenedAt: expect.any(String) });
      const again = await call('POST', `/proposals/${proposal.proposalId}/screening`, tokens.officer, { antiTraffickingPurpose: true });
      expect(again.status).toBe(409);
      expect(again.body.current).toEqual({ status: 'eligible' });
    });
  });

  it('screens a proposal without a field operation, of "other" activities, over the limit, ineligible with reasons', async () => {
    const body = {
      ...moldovaHotlineContent([]),
      countries: ['UA'],
      activityTypes: ['other'],
      budget: { lines: [{ category: 'grants', description: 'Small grants', amount: 12_000_000 }], amountRequested: 11_000_000 },
    };
    const draft = await createDraft(tokens.otherApplicant, body);
    expect((await submit(draft.proposalId, tokens.otherApplicant)).status).toBe(200);
    const screened = await call('POST', `/proposals/${draft.proposalId}/screening`, tokens.officer, { antiTraffickingPurpose: false });
    expect(screened.body.status).toBe('ineligible');
    expect(screened.body.screening?.reasons).toHaveLength(4);
    await expectEventually(() =>
      expect(eventsFor<FundProposalScreened>(TOPICS.fundProposalScreened, draft.proposalId)).toEqual([
        expect.objectContaining({
          outcome: 'ineligible',
          failedChecks: ['field-operation-involved', 'anti-trafficking-purpose', 'supported-activity', 'within-project-limit'],
        }),
      ]),
    );
  });

  describe('concurrent requests', () => {
    it('lets one of two edits on the same revision through; the other gets 409 with the current revision', async () => {
      const draft = await createDraft();
      const answers = await Promise.all([edit(draft, { title: 'First edit' }), edit(draft, { title: 'Second edit' })]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)?.body.current).toEqual({ revision: 2 });
      const stored = (await call('GET', `/proposals/${draft.proposalId}`, tokens.applicant)).body;
      expect(stored.revision).toBe(2);
      expect(stored.content.title).toBe(answers.find((a) => a.status === 200)?.body.content.title);
    });

    it('submits once when the same submission arrives twice at once: one version, one event', async () => {
      const draft = await createDraft();
      const answers = await Promise.all([submit(draft.proposalId), submit(draft.proposalId), submit(draft.proposalId)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
      expect(await sut.listAll(`/proposals/${draft.proposalId}/versions`, tokens.applicant)).toHaveLength(1);
      await expectEventually(() => expect(eventsFor(TOPICS.fundProposalSubmitted, draft.proposalId)).toHaveLength(1));
    });

    it('lists by state for the screening queue', async () => {
      const submitted = await sut.listAll<{ status: string }>('/proposals?status=submitted', tokens.officer);
      expect(submitted.length).toBeGreaterThan(0);
      expect(submitted.every((p) => p.status === 'submitted')).toBe(true);
    });
  });

  describe('access', () => {
    let proposal: View;

    beforeAll(async () => {
      proposal = await createDraft();
      await call('POST', `/proposals/${proposal.proposalId}/comments`, tokens.officer, {
        section: 'budget',
        text: 'Internal: check the rates.',
        internal: true,
      });
      await call('POST', `/proposals/${proposal.proposalId}/comments`, tokens.officer, {
        section: 'summary',
        text: 'Name the referral partners.',
      });
      // Part of the review module's state, as it keeps it on the proposal.
      await sut.nest.get(ProposalRepository).modify(proposal.proposalId, () => ({
        change: { set: { review: { assigned: 2, scored: 2, weightedScore: 4.25, disagreement: false } } },
        result: undefined,
      }));
    });

    it('hides another organisation’s proposal from an applicant as if it did not exist', async () => {
      for (const [method, path, body] of [
        ['GET', `/proposals/${proposal.proposalId}`, undefined],
        ['GET', `/proposals/${proposal.proposalId}/versions`, undefined],
        ['PUT', `/proposals/${proposal.proposalId}`, { ...proposal.content, revision: 1 }],
        ['POST', `/proposals/${proposal.proposalId}/submission`, undefined],
      ] as const)
        expect((await call(method, path, tokens.otherApplicant, body)).status).toBe(404);
      const listed = await sut.listAll<{ proposalId: string; organisationId: string }>('/proposals', tokens.otherApplicant);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((p) => p.organisationId === org.ngo)).toBe(true);
    });

    it('gives a reviewer nothing here (403), and ODIHR every organisation’s proposals', async () => {
      expect((await call('GET', '/proposals', tokens.reviewer)).status).toBe(403);
      expect((await call('GET', `/proposals/${proposal.proposalId}`, tokens.reviewer)).status).toBe(403);
      const listed = await sut.listAll<{ organisationId: string }>('/proposals', tokens.committee, 2);
      expect(new Set(listed.map((p) => p.organisationId))).toEqual(new Set([org.md, org.ngo]));
    });

    it('never shows the applicant review data or internal comments', async () => {
      const applicant = await call('GET', `/proposals/${proposal.proposalId}`, tokens.applicant);
      expect(applicant.body.review).toBeUndefined();
      expect(applicant.body.consultation.comments.map((c) => c.text)).toEqual(['Name the referral partners.']);
      expect(JSON.stringify(applicant.body)).not.toContain('check the rates');
      const officer = await call('GET', `/proposals/${proposal.proposalId}`, tokens.officer);
      expect(officer.body.review).toMatchObject({ weightedScore: 4.25 });
      expect(officer.body.consultation.comments).toHaveLength(2);
    });

    it('lets only fund officers consult and screen', async () => {
      const points = { points: [{ section: 'general', text: 'x' }] };
      expect((await call('POST', `/proposals/${proposal.proposalId}/revision-requests`, tokens.applicant, points)).status).toBe(403);
      expect(
        (await call('POST', `/proposals/${proposal.proposalId}/comments`, tokens.committee, { section: 'general', text: 'x' })).status,
      ).toBe(403);
    });
  });

  describe('bad input', () => {
    const count = async () => (await sut.listAll('/proposals', tokens.officer)).length;

    it('answers 400 naming each malformed field, and writes nothing', async () => {
      const before = await count();
      const response = await call('POST', '/proposals', tokens.applicant, {
        ...content(),
        language: 'de',
        plannedStart: '1 April 2027',
        budget: { lines: [{ category: 'staff', description: 'x', amount: -1 }], amountRequested: 1.5 },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((e) => e.field)).toEqual(
        expect.arrayContaining(['language', 'plannedStart', 'budget.lines.0.amount', 'budget.amountRequested']),
      );
      expect(await count()).toBe(before);
    });

    it('answers 422 for a rule between fields and for an unknown partner or organisation, and writes nothing', async () => {
      const before = await count();
      const overAsked = await call('POST', '/proposals', tokens.applicant, {
        ...content(),
        budget: { ...content().budget, amountRequested: 4_200_001 },
      });
      expect(overAsked.status).toBe(422);
      expect(overAsked.body.errors).toEqual([expect.objectContaining({ field: 'budget.amountRequested' })]);

      const unknownPartner = await call('POST', '/proposals', tokens.applicant, content([org.shelter, id('no-such-ngo')]));
      expect(unknownPartner.status).toBe(422);
      expect(unknownPartner.body.errors).toEqual([expect.objectContaining({ field: 'implementingPartnerIds.1' })]);

      const stranger = await sut.token(['fund-applicant'], { subject: id('stranger'), organisationId: id('no-such-org') });
      const unknownOrganisation = await call('POST', '/proposals', stranger, content());
      expect(unknownOrganisation.status).toBe(422);
      expect(unknownOrganisation.body.errors).toEqual([expect.objectContaining({ field: 'organisationId' })]);

      const otherCurrency = await call('POST', '/proposals', tokens.applicant, {
        ...content(),
        budget: { ...content().budget, currency: 'USD' },
      });
      expect(otherCurrency.status).toBe(422);
      expect(otherCurrency.body.errors).toEqual([expect.objectContaining({ field: 'budget.currency' })]);
      expect(await count()).toBe(before);
    });

    it('answers 409 with the current state for an illegal step', async () => {
      const draft = await createDraft();
      const screening = await call('POST', `/proposals/${draft.proposalId}/screening`, tokens.officer, { antiTraffickingPurpose: true });
      expect(screening.status).toBe(409);
      expect(screening.body.current).toEqual({ status: 'draft' });

      await sut.nest
        .get(ProposalRepository)
        .modify(draft.proposalId, () => ({ change: { set: { status: 'declined' } }, result: undefined }));
      const revision = await requestRevision(draft.proposalId);
      expect(revision.status).toBe(409);
      expect(revision.body.current).toEqual({ status: 'declined' });
      expect((await edit(draft, { title: 'Too late' })).body.current).toEqual({ status: 'declined' });
    });

    it('refuses a revision request when the organisation has no fund contact (422), leaving the proposal as it was', async () => {
      const draft = await createDraft(tokens.quietApplicant, { ...content([]), countries: ['AL'] });
      await submit(draft.proposalId, tokens.quietApplicant);
      const refused = await requestRevision(draft.proposalId);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'organisationId' })]);
      expect((await call('GET', `/proposals/${draft.proposalId}`, tokens.officer)).body).toMatchObject({
        status: 'submitted',
        consultation: { rounds: [] },
      });
    });
  });
});
