import { getConnectionToken } from '@nestjs/mongoose';
import { loadConfig } from '@ctip/config';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { expectEventually, ServiceUnderTest, testKafka, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Connection } from 'mongoose';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import type { ProposalStatus } from '../proposals/proposal-status';
import { ProposalRepository } from '../proposals/proposal.repository';

/** A response body as parsed: the assertions below read it freely. */
type Json = ReturnType<typeof JSON.parse>;

const PORT = 14201;
const SUBMITTER = 'osce-presence-md';
const PARTNER = 'la-strada-md';
const CANARY = `canary-${uniqueSuffix(12)}`;

/** Every log line the service writes in this process (pino writes synchronously to fd 1). */
const logLines: string[] = [];
const realWriteSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
  if (fd === 1 || fd === 2) {
    const text = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
    logLines.push(text);
    if (!/"level":"(info|debug|trace)"/.test(text)) return realWriteSync(fd, data, ...rest);
    return typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).byteLength;
  }
  return realWriteSync(fd, data, ...rest);
}) as typeof fs.writeSync);

const people = {
  anna: { organisationId: 'odihr' },
  boris: { organisationId: 'council-of-europe' },
  chen: { organisationId: 'iom-regional' },
  dana: { organisationId: 'odihr' },
  eve: { organisationId: 'la-strada-ua' },
  inOrg: { organisationId: SUBMITTER },
  inPartner: { organisationId: PARTNER },
};
type Reviewer = keyof typeof people;
const idOf = (name: Reviewer) => `rv-${name.toLowerCase()}`;

function scores(marks: [number, number, number, number], justification = 'Clear plan with measurable indicators.') {
  const [impact, partners, cooperation, networking] = marks;
  return {
    scores: {
      impact: { score: impact, justification },
      'national-partners': { score: partners, justification },
      'state-ngo-cooperation': { score: cooperation, justification },
      'regional-networking': { score: networking, justification },
    },
  };
}

describe('fund review (assignment, recusal, scoring)', () => {
  let sut: ServiceUnderTest;
  let proposals: ProposalRepository;
  let officer: string;
  let applicant: string;
  const tokens = {} as Record<Reviewer | 'outsider', string>;
  let refSeq = 0;
  /** Changes to proposals that moved one to `reviewed` and were written. */
  const reviewedWrites: string[] = [];
  /** Runs once just before the next change to that proposal is decided: a concurrent change, on cue. */
  const beforeNextModify = new Map<string, () => Promise<void>>();

  async function eligibleProposal(): Promise<string> {
    const id = randomUUID();
    refSeq += 1;
    const proposalRef = `ATPF-2027-${String(refSeq).padStart(4, '0')}`;
    const title = `Shelter referral training ${refSeq}`;
    const outbox = sut.nest.get(Outbox);
    await proposals.insert({
      _id: id,
      proposalRef,
      organisationId: SUBMITTER,
      createdBy: 'fa-md',
      status: 'eligible',
      content: {
        title,
        summary: 'Training of police and social workers on the national referral mechanism.',
        language: 'en',
        countries: ['MD'],
        implementingPartnerIds: [PARTNER],
        activityTypes: ['training'],
        targetGroups: ['police', 'social workers'],
        plannedStart: '2027-03-01',
        plannedEnd: '2027-09-30',
        budget: {
          currency: 'EUR',
          lines: [{ category: 'training', description: 'Venue and trainers', amount: 2_000_000 }],
          coFunding: 0,
          amountRequested: 2_000_000,
        },
        expectedResults: [{ result: '120 officers trained', indicators: [{ indicator: 'officers trained' }] }],
        criteriaStatements: { impact: 'i', 'national-partners': 'n', 'state-ngo-cooperation': 's', 'regional-networking': 'r' },
      },
      revision: 1,
      submittedVersion: 1,
      submittedAt: new Date(),
      consultation: { comments: [], rounds: [], totalMs: 0 },
      // What screening would have published: shows the Kafka check below reads the namespace's messages.
      outbox: [
        outbox.entry(TOPICS.fundProposalScreened, {
          proposalId: id,
          proposalRef,
          title,
          organisationId: SUBMITTER,
          countries: ['MD'],
          version: 1,
          outcome: 'eligible',
          failedChecks: [],
          screenedAt: new Date().toISOString(),
        }),
      ],
    });
    return id;
  }

  const assign = (proposalId: string, reviewerIds: string[], token = officer) =>
    sut.request<Json>('POST', `/proposals/${proposalId}/reviewers`, { token, body: { reviewerIds } });
  const declare = (proposalId: string, who: Reviewer, body: { hasConflict: boolean; statement?: string }) =>
    sut.request<Json>('POST', `/reviews/${proposalId}/declaration`, { token: tokens[who], body });
  const score = (proposalId: string, who: Reviewer, body: unknown) =>
    sut.request<Json>('PUT', `/reviews/${proposalId}/scores`, { token: tokens[who], body });
  const form = (proposalId: string, who: Reviewer | 'outsider') =>
    sut.request<Json>('GET', `/reviews/${proposalId}/form`, { token: tokens[who] });
  const statusOf = async (proposalId: string): Promise<ProposalStatus | undefined> => (await proposals.findById(proposalId))?.status;

  beforeAll(async () => {
    sut = await ServiceUnderTest.start({
      name: 'fund-proposals',
      port: PORT,
      module: (env) => AppModule.forRoot(loadConfig(configSchema, env)),
      env: { FUND_CRITERION_WEIGHTS: 'impact:2', LOG_LEVEL: 'info' },
    });
    proposals = sut.nest.get(ProposalRepository);
    const modify = proposals.modify.bind(proposals);
    jest.spyOn(proposals, 'modify').mockImplementation(async (id, decide) => {
      const hook = beforeNextModify.get(id);
      beforeNextModify.delete(id);
      await hook?.();
      let last: ReturnType<typeof decide> | undefined;
      const result = await modify(id, (current) => (last = decide(current)));
      if (last?.change?.set?.status === 'reviewed') reviewedWrites.push(id);
      return result;
    });
    const connection = sut.nest.get<Connection>(getConnectionToken());
    await connection.collection('directory_people').insertMany([
      ...Object.entries(people).map(([name, { organisationId }]) => ({
        _id: idOf(name as Reviewer),
        personId: idOf(name as Reviewer),
        organisationId,
        roles: ['fund-reviewer'],
        languages: ['en'],
        active: true,
        revision: 1,
      })),
      {
        _id: 'fo-odihr',
        personId: 'fo-odihr',
        organisationId: 'odihr',
        roles: ['fund-officer'],
        languages: ['en'],
        active: true,
        revision: 1,
      },
      {
        _id: 'rv-gone',
        personId: 'rv-gone',
        organisationId: 'odihr',
        roles: ['fund-reviewer'],
        languages: ['en'],
        active: false,
        revision: 2,
      },
    ] as never[]);
    officer = await sut.token(['fund-officer'], { subject: 'fo-odihr' });
    applicant = await sut.token(['fund-applicant'], { subject: 'fa-md', organisationId: SUBMITTER });
    for (const name of Object.keys(people) as Reviewer[]) tokens[name] = await sut.token(['fund-reviewer'], { subject: idOf(name) });
    tokens.outsider = await sut.token(['fund-reviewer'], { subject: 'rv-outsider' });
  });

  afterAll(async () => {
    await sut?.close();
    jest.restoreAllMocks();
  });

  it('publishes the criteria and their weights to any signed-in user, applicants included', async () => {
    const response = await sut.request<Json>('GET', '/criteria', { token: applicant });
    expect(response.status).toBe(200);
    expect(response.body.criteria.map((c: { criterion: string; weight: number }) => [c.criterion, c.weight])).toEqual([
      ['impact', 2],
      ['national-partners', 1],
      ['state-ngo-cooperation', 1],
      ['regional-networking', 1],
    ]);
    expect(response.body.criteria[0].label.ru).toMatch(/воздействие/);
    expect((await sut.request('GET', '/criteria')).status).toBe(401);
  });

  it('assigns at least two directory reviewers and moves the proposal into review, idempotently', async () => {
    const id = await eligibleProposal();
    const one = await assign(id, [idOf('anna')]);
    expect(one.status).toBe(400);
    expect(one.body.errors).toEqual([{ field: 'reviewerIds', reason: 'must name at least 2 reviewers' }]);
    const unknown = await assign(id, [idOf('anna'), 'rv-nobody', 'rv-gone', 'fo-odihr']);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['reviewerIds.1', 'reviewerIds.2', 'reviewerIds.3']);
    expect((await assign(id, [idOf('anna'), idOf('boris')], applicant)).status).toBe(403);
    expect(await statusOf(id)).toBe('eligible');
    expect((await sut.request('GET', `/reviews/${id}`, { token: officer })).body).toMatchObject({ reviews: [] });

    const assigned = await assign(id, [idOf('anna'), idOf('boris')]);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'in-review', progress: { assigned: 2, able: 2, scored: 0, moreReviewersNeeded: 0 } });
    const after = await proposals.findById(id);
    expect(after?.review).toEqual({ assigned: 2, scored: 0, disagreement: false });

    const again = await assign(id, [idOf('boris'), idOf('anna')]);
    expect(again.status).toBe(200);
    expect(again.body.progress.assigned).toBe(2);
    expect((await proposals.findById(id))?.version).toBe(after?.version);

    const more = await assign(id, [idOf('anna'), idOf('chen')]);
    expect(more.body.progress).toMatchObject({ assigned: 3, able: 3 });
    expect((await assign(randomUUID(), [idOf('anna'), idOf('boris')])).status).toBe(404);
    expect((await assign('not-an-id', [idOf('anna'), idOf('boris')])).status).toBe(400);
  });

  it('recuses a reviewer of the submitting organisation or of an implementing partner at assignment: recorded, cannot score', async () => {
    const id = await eligibleProposal();
    const panel = await assign(id, [idOf('inOrg'), idOf('inPartner')]);
    expect(panel.status).toBe(200);
    expect(panel.body.status).toBe('in-review');
    expect(panel.body.progress).toMatchObject({ assigned: 2, able: 0, moreReviewersNeeded: 2 });
    const recusals = Object.fromEntries(panel.body.reviews.map((r: { reviewerId: string; recusal: unknown }) => [r.reviewerId, r.recusal]));
    expect(recusals[idOf('inOrg')]).toMatchObject({ reason: 'submitting-organisation', organisationId: SUBMITTER });
    expect(recusals[idOf('inPartner')]).toMatchObject({ reason: 'implementing-partner', organisationId: PARTNER });

    // Declaring no conflict does not lift an automatic recusal.
    expect((await declare(id, 'inOrg', { hasConflict: false })).body).toMatchObject({
      canScore: false,
      recusal: { reason: 'submitting-organisation' },
    });
    expect((await form(id, 'inOrg')).status).toBe(403);
    const refused = await score(id, 'inPartner', scores([5, 5, 5, 5]));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/recused.*implementing-partner/);

    // Two able reviewers are still needed; once they have scored the proposal is reviewed without the recused ones.
    expect((await assign(id, [idOf('anna'), idOf('boris')])).body.progress).toMatchObject({ assigned: 4, able: 2, moreReviewersNeeded: 0 });
    for (const who of ['anna', 'boris'] as const) {
      await declare(id, who, { hasConflict: false });
      await score(id, who, scores([3, 3, 3, 3]));
    }
    expect(await statusOf(id)).toBe('reviewed');
    expect((await proposals.findById(id))?.review).toMatchObject({ assigned: 4, scored: 2, weightedScore: 3 });
  });

  it('hides the form until the reviewer declares; a declared conflict recuses for good', async () => {
    const id = await eligibleProposal();
    await assign(id, [idOf('anna'), idOf('boris'), idOf('dana')]);
    const hidden = await form(id, 'anna');
    expect(hidden.status).toBe(409);
    expect(hidden.body.current).toEqual({ missing: 'declaration' });
    expect(hidden.body.detail).toMatch(/declaration/);
    expect((await score(id, 'anna', scores([4, 4, 4, 4]))).status).toBe(409);

    expect((await declare(id, 'anna', { hasConflict: false, statement: 'No ties to the applicant.' })).status).toBe(200);
    const shown = await form(id, 'anna');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ proposalId: id, content: { title: expect.stringMatching(/^Shelter referral/) }, scores: null });
    expect(shown.body.criteria).toHaveLength(4);

    const conflict = await declare(id, 'dana', { hasConflict: true, statement: 'I advised the applicant on this design.' });
    expect(conflict.body).toMatchObject({ canScore: false, recusal: { reason: 'declared-conflict' }, declaration: { hasConflict: true } });
    expect((await form(id, 'dana')).status).toBe(403);
    expect((await score(id, 'dana', scores([1, 1, 1, 1]))).status).toBe(403);
    expect((await declare(id, 'dana', { hasConflict: false })).status).toBe(409);
    const panel = await sut.request<Json>('GET', `/reviews/${id}`, { token: officer });
    expect(panel.body.progress).toMatchObject({ assigned: 3, able: 2, moreReviewersNeeded: 0 });
    expect(panel.body.reviews.find((r: { reviewerId: string }) => r.reviewerId === idOf('dana')).recusal.reason).toBe('declared-conflict');
  });

  it('scores with justifications into a weighted total, flags disagreement and marks the proposal reviewed', async () => {
    const id = await eligibleProposal();
    await assign(id, [idOf('anna'), idOf('boris')]);
    await declare(id, 'anna', { hasConflict: false });
    await declare(id, 'boris', { hasConflict: false });

    const blank = await score(id, 'anna', scores([5, 3, 2, 1], '   '));
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e: { field: string }) => e.field)).toContain('scores.impact.justification');
    const outOfRange = await score(id, 'anna', { scores: { ...scores([5, 3, 2, 1]).scores, impact: { score: 6, justification: 'x' } } });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.errors).toEqual([{ field: 'scores.impact.score', reason: expect.any(String) }]);
    expect((await score(id, 'anna', { scores: { impact: { score: 3, justification: 'x' } } })).status).toBe(400);

    const first = await score(id, 'anna', scores([4, 3, 2, 1], `Strong field presence. ${CANARY}`));
    expect(first.status).toBe(200);
    // (2·4 + 3 + 2 + 1) / 5
    expect(first.body).toMatchObject({ weightedTotal: 2.8, proposalStatus: 'in-review', scoreRevisions: 1 });
    const revised = await score(id, 'anna', scores([5, 3, 2, 1], `Strong field presence. ${CANARY}`));
    expect(revised.body).toMatchObject({ weightedTotal: 3.2, scoreRevisions: 2, proposalStatus: 'in-review' });

    const last = await score(id, 'boris', scores([2, 3, 3, 1]));
    expect(last.body).toMatchObject({ weightedTotal: 2.2, proposalStatus: 'reviewed' });
    const proposal = await proposals.findById(id);
    expect(proposal?.status).toBe('reviewed');
    expect(proposal?.review).toEqual({ assigned: 2, scored: 2, weightedScore: 2.7, disagreement: true, reviewedAt: expect.any(Date) });

    const panel = await sut.request<Json>('GET', `/reviews/${id}`, { token: officer });
    expect(panel.body.progress).toMatchObject({ disagreement: true, disputedCriteria: ['impact'], weightedScore: 2.7 });
    expect(panel.body.reviews.map((r: { weightedTotal: number }) => r.weightedTotal)).toEqual([3.2, 2.2]);
    const committee = await sut.request('GET', `/reviews/${id}`, { token: await sut.token(['fund-committee']) });
    expect(committee.status).toBe(200);

    const tooLate = await score(id, 'anna', scores([1, 1, 1, 1]));
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.current).toEqual({ status: 'reviewed' });
  });

  it('refuses to score a declined proposal with its current state', async () => {
    const id = await eligibleProposal();
    await assign(id, [idOf('anna'), idOf('boris')]);
    await declare(id, 'anna', { hasConflict: false });
    await proposals.model.updateOne({ _id: id }, { $set: { status: 'declined' }, $inc: { version: 1 } });
    const refused = await score(id, 'anna', scores([3, 3, 3, 3]));
    expect(refused.status).toBe(409);
    expect(refused.body.current).toEqual({ status: 'declined' });
    expect((await assign(id, [idOf('anna'), idOf('chen')])).status).toBe(409);
    expect((await sut.request('GET', `/reviews/${id}`, { token: officer })).body).toMatchObject({ progress: { assigned: 2 } });
  });

  it('leaves no assignment behind when the proposal moves on while reviewers are being assigned', async () => {
    const id = await eligibleProposal();
    beforeNextModify.set(id, async () => {
      await proposals.model.updateOne({ _id: id }, { $set: { status: 'withdrawn' }, $inc: { version: 1 } });
    });
    const refused = await assign(id, [idOf('anna'), idOf('boris')]);
    expect(refused.status).toBe(409);
    expect(refused.body.current).toEqual({ status: 'withdrawn' });
    expect((await sut.request<Json>('GET', `/reviews/${id}`, { token: officer })).body.reviews).toEqual([]);
    expect((await sut.request('GET', `/reviews/${id}`, { token: tokens.anna })).status).toBe(404);
  });

  it('refreshes the summary of a reviewed proposal when a revision was written as the last score settled', async () => {
    const id = await eligibleProposal();
    await assign(id, [idOf('anna'), idOf('boris')]);
    await declare(id, 'anna', { hasConflict: false });
    await declare(id, 'boris', { hasConflict: false });
    await score(id, 'anna', scores([2, 2, 2, 2]));
    // Anna's revision lands while Boris's last score settles: that settle read the panel before it.
    beforeNextModify.set(id, async () => {
      await score(id, 'anna', scores([4, 4, 4, 4]));
    });
    const last = await score(id, 'boris', scores([2, 2, 2, 2]));
    expect(last.body.proposalStatus).toBe('reviewed');
    const review = (await proposals.findById(id))?.review;
    expect(review).toMatchObject({ scored: 2, weightedScore: 3, disagreement: true });
    expect(reviewedWrites.filter((written) => written === id)).toHaveLength(1);
  });

  it('ends reviewed exactly once when the last two reviewers score at the same moment', async () => {
    const ids = await Promise.all([eligibleProposal(), eligibleProposal(), eligibleProposal()]);
    for (const id of ids) {
      await assign(id, [idOf('anna'), idOf('boris')]);
      await declare(id, 'anna', { hasConflict: false });
      await declare(id, 'boris', { hasConflict: false });
    }
    const answers = await Promise.all(
      ids.flatMap((id) => [score(id, 'anna', scores([4, 4, 4, 4])), score(id, 'boris', scores([2, 2, 2, 2]))]),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const id of ids) {
      expect((await proposals.findById(id))?.review).toMatchObject({ scored: 2, weightedScore: 3, disagreement: true });
      expect(reviewedWrites.filter((written) => written === id)).toHaveLength(1);
    }
  });

  it('shows a reviewer only their own assignments and review; applicants and unassigned reviewers get 403 and 404', async () => {
    const id = await eligibleProposal();
    await assign(id, [idOf('anna'), idOf('eve')]);
    await declare(id, 'anna', { hasConflict: false });
    await score(id, 'anna', scores([4, 4, 4, 4]));

    const own = await sut.request<Json>('GET', `/reviews/${id}`, { token: tokens.anna });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ reviewerId: idOf('anna'), weightedTotal: 4 });
    expect(own.body).not.toHaveProperty('reviews');
    const eves = await sut.request<Json>('GET', `/reviews/${id}`, { token: tokens.eve });
    expect(eves.body).toMatchObject({ reviewerId: idOf('eve'), scores: null });
    expect(JSON.stringify(eves.body)).not.toContain(idOf('anna'));

    const list = await sut.listAll<{ proposalId: string }>('/reviews', tokens.eve);
    expect(list.map((item) => item.proposalId)).toEqual([id]);
    expect(list[0]).toMatchObject({ declared: false, scored: false, organisationId: SUBMITTER, implementingPartnerIds: [PARTNER] });

    for (const path of [`/reviews/${id}`, `/reviews/${id}/form`, '/reviews']) {
      expect((await sut.request('GET', path, { token: applicant })).status).toBe(403);
    }
    expect((await sut.request('PUT', `/reviews/${id}/scores`, { token: applicant, body: scores([5, 5, 5, 5]) })).status).toBe(403);
    expect(
      (
        await sut.request('POST', `/proposals/${id}/reviewers`, {
          token: tokens.anna,
          body: { reviewerIds: [idOf('anna'), idOf('boris')] },
        })
      ).status,
    ).toBe(403);

    for (const [method, path, body] of [
      ['GET', `/reviews/${id}`, undefined],
      ['GET', `/reviews/${id}/form`, undefined],
      ['POST', `/reviews/${id}/declaration`, { hasConflict: false }],
      ['PUT', `/reviews/${id}/scores`, scores([5, 5, 5, 5])],
    ] as const) {
      expect((await sut.request(method, path, { token: tokens.outsider, body })).status).toBe(404);
    }
    expect(await sut.listAll('/reviews', tokens.outsider)).toEqual([]);
  });

  it('never writes a justification into a Kafka message of the namespace or a log line', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${sut.namespace}.`));
    const expected = new Map<string, number>();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      expected.set(
        topic,
        offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0),
      );
    }
    await admin.disconnect();
    expect(expected.get(`${sut.namespace}.${TOPICS.fundProposalScreened}`)).toBeGreaterThan(0);

    const recorder = await new TopicRecorder(testKafka(), `review-canary-${uniqueSuffix()}`).start(topics);
    try {
      await expectEventually(() => {
        for (const [topic, count] of expected) expect(recorder.of(topic).length).toBeGreaterThanOrEqual(count);
      });
      const everything = topics.flatMap((topic) => recorder.of(topic).map((m) => `${m.key} ${m.value} ${JSON.stringify(m.headers)}`));
      expect(everything.length).toBeGreaterThan(0);
      expect(everything.join('\n')).not.toContain(CANARY);
    } finally {
      await recorder.stop();
    }

    // The request log saw the scoring requests, so the capture works; none of it carries the phrase.
    expect(logLines.some((line) => /PUT \/reviews\/[0-9a-f-]+\/scores 200/.test(line))).toBe(true);
    expect(logLines.join('')).not.toContain(CANARY);
  });
});
