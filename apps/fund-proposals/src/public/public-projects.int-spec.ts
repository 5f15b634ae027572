import { loadConfig } from '@ctip/config';
import { TOPICS, type FundProposalDecided } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { expectEventually, ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { FundDirectoryRepository } from '../directory-view/fund-directory.repository';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { ProposalDocument } from '../proposals/proposal.schema';
import { PublicProjectRepository } from './public-project.repository';

const PUBLIC_FIELDS = [
  'activityTypes',
  'amount',
  'approvedOn',
  'countries',
  'demo',
  'implementingPartners',
  'period',
  'reference',
  'status',
  'title',
  'year',
];

const start = (port: number, env: Record<string, string> = {}) =>
  ServiceUnderTest.start({
    name: 'fund-proposals',
    port,
    module: (e) => AppModule.forRoot(loadConfig(configSchema, e)),
    env: { FUND_PUBLIC_RATE_LIMIT: '1000', ...env },
  });

function proposal(
  id: string,
  ref: string,
  canary: string,
  over: Partial<ProposalDocument['content']> = {},
): Omit<ProposalDocument, 'version' | 'createdAt' | 'updatedAt'> {
  return {
    _id: id,
    proposalRef: ref,
    organisationId: 'osce-presence-kz',
    createdBy: 'fund-contact-kz-1',
    status: 'urgent-pending',
    content: {
      title: 'Shelter and legal aid for trafficked persons, Almaty',
      summary: 'A shelter run with a national NGO.',
      language: 'en',
      countries: ['KZ'],
      implementingPartnerIds: ['kz-crisis-centre', 'kz-unknown-partner'],
      activityTypes: ['direct-assistance', 'training'],
      targetGroups: ['trafficked persons'],
      plannedStart: '2027-05-01',
      plannedEnd: '2028-04-30',
      budget: {
        currency: 'EUR',
        lines: [{ category: 'staff', description: 'Staff', amount: 2_000_000 }],
        coFunding: 0,
        amountRequested: 2_000_000,
      },
      expectedResults: [{ result: 'People sheltered', indicators: [{ indicator: 'nights of shelter' }] }],
      criteriaStatements: {
        impact: `Impact statement ${canary}`,
        'national-partners': 'n',
        'state-ngo-cooperation': 's',
        'regional-networking': 'r',
      },
      ...over,
    },
    revision: 1,
    submittedVersion: 1,
    submittedAt: new Date('2027-02-01T09:00:00Z'),
    consultation: {
      comments: [{ commentId: 'c1', section: 'budget', authorId: 'fo-1', text: `Officer comment ${canary}`, at: new Date() }],
      rounds: [],
      totalMs: 0,
    },
    review: { assigned: 2, scored: 2, weightedScore: 4.25, disagreement: false, reviewedAt: new Date() },
    urgent: {
      justification: `Intervention for case RR-2027-000123: ${canary}`,
      caseRef: 'RR-2027-000123',
      requestedAt: new Date('2027-02-01T09:00:00Z'),
      decideBy: new Date('2027-02-04T09:00:00Z'),
      decisions: [],
    },
    outbox: [],
  };
}

/** The public list on the real servers: no token, nothing internal, rate-limited, CSV and statistics. */
describe('public list of supported projects', () => {
  const canary = `CANARY-${uniqueSuffix(10)}`;
  let sut: ServiceUnderTest;
  let proposals: ProposalRepository;
  let db: Connection;

  beforeAll(async () => {
    sut = await start(14_520);
    proposals = sut.nest.get(ProposalRepository);
    db = sut.nest.get<Connection>(getConnectionToken());
    await sut.nest.get(FundDirectoryRepository).saveOrganisation({
      organisationId: 'kz-crisis-centre',
      kind: 'partner',
      partnerType: 'shelter',
      name: 'Crisis centre, Almaty',
      country: 'KZ',
      countriesCovered: ['KZ'],
      regions: [],
      services: ['shelter'],
      languages: ['ru'],
      timeZone: 'Asia/Almaty',
      active: true,
      revision: 1,
      demo: false,
    });
    // A reviewer's comments, where the review module keeps them: never read by the public list.
    await db
      .collection<{ _id: string }>('reviews')
      .insertOne({ _id: 'r1', proposalId: 'p-approved', comment: canary, scores: [{ justification: canary }] } as never);
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await sut?.close();
  });

  /** The service's own decision, written with the proposal and relayed through the outbox as the committee's would be. */
  const decide = async (id: string, ref: string, decision: FundProposalDecided['decision'], amount: number) => {
    const outbox = sut.nest.get(Outbox);
    const decidedAt = new Date('2027-02-03T10:00:00Z');
    let eventId = '';
    await proposals.modify(id, (current) => {
      const entry = outbox.entry(TOPICS.fundProposalDecided, {
        proposalId: id,
        proposalRef: ref,
        title: current.content.title,
        organisationId: current.organisationId,
        countries: current.content.countries,
        decision,
        lane: 'urgent',
        cycleId: '2027-Q1',
        amountApproved: { amount, currency: 'EUR' },
        recipients: { personIds: ['fund-contact-kz-1'] },
        decidedAt: decidedAt.toISOString(),
      });
      eventId = entry.id;
      return {
        change: {
          set: {
            status: decision,
            decision: { decision, lane: 'urgent', cycleId: '2027-Q1', amountApproved: amount, decidedAt, confirmedBy: ['fo-1', 'fo-2'] },
          },
          events: [entry],
        },
        result: undefined,
      };
    });
    return eventId;
  };

  it('lists an approved proposal with public facts only, to anyone, without a token', async () => {
    await proposals.insert(proposal('p-approved', 'ATPF-2027-0001', canary));
    await proposals.insert(proposal('p-declined', 'ATPF-2027-0002', canary, { title: 'A declined proposal' }));
    await decide('p-approved', 'ATPF-2027-0001', 'approved', 1_800_000);
    await decide('p-declined', 'ATPF-2027-0002', 'declined', 0);

    const items = await expectEventually(async () => {
      const page = await sut.request<{ items: Record<string, unknown>[]; nextCursor: string | null }>('GET', '/public/projects');
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      return page.body.items;
    });
    expect(Object.keys(items[0]).sort()).toEqual(PUBLIC_FIELDS);
    expect(items[0]).toEqual({
      reference: 'ATPF-2027-0001',
      title: 'Shelter and legal aid for trafficked persons, Almaty',
      countries: ['KZ'],
      // The directory's name where the read model has the organisation, else its id.
      implementingPartners: ['Crisis centre, Almaty', 'kz-unknown-partner'],
      activityTypes: ['direct-assistance', 'training'],
      amount: { amount: 1_800_000, currency: 'EUR' },
      period: { start: '2027-05-01', end: '2028-04-30' },
      status: 'approved',
      approvedOn: '2027-02-03',
      year: 2027,
      demo: false,
    });

    // The same decision relayed again (a redelivery) keeps one record; the declined one never appears.
    const before = await sut.handledCount(TOPICS.fundProposalDecided);
    await decide('p-approved', 'ATPF-2027-0001', 'approved', 1_800_000);
    await expectEventually(async () => expect(await sut.handledCount(TOPICS.fundProposalDecided)).toBe(before + 1));
    expect(await sut.nest.get(PublicProjectRepository).count()).toBe(1);
  });

  it('pages with a cursor and filters by country, activity type and year', async () => {
    const repo = sut.nest.get(PublicProjectRepository);
    for (let i = 1; i <= 4; i += 1) {
      await repo.put({
        _id: `demo-${i}`,
        reference: `ATPF-2002-900${i}`,
        title: `Demo project ${i}`,
        countries: i % 2 === 0 ? ['AL'] : ['MD', 'UA'],
        implementingPartners: [{ organisationId: `demo-partner-${i}`, name: `Partner ${i}` }],
        activityTypes: i <= 2 ? ['hotline'] : ['research'],
        amount: { amount: i * 100_000, currency: 'EUR' },
        periodStart: '2002-03-01',
        periodEnd: '2002-12-01',
        status: 'completed',
        approvedOn: `2002-0${i}-15`,
        year: 2002,
        demo: true,
      });
    }
    const all = await sut.listAll<{ reference: string }>('/public/projects', '', 2);
    expect(all.map((p) => p.reference)).toEqual(['ATPF-2027-0001', 'ATPF-2002-9004', 'ATPF-2002-9003', 'ATPF-2002-9002', 'ATPF-2002-9001']);
    const filtered = await sut.listAll<{ reference: string }>('/public/projects?country=AL&activityType=hotline&year=2002', '');
    expect(filtered.map((p) => p.reference)).toEqual(['ATPF-2002-9002']);
    const refused = await sut.request<{ errors: { field: string }[] }>('GET', '/public/projects?country=albania&limit=500');
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e) => e.field).sort()).toEqual(['country', 'limit']);
  });

  it('counts projects and amounts by country, activity type and year', async () => {
    const stats = await sut.request('GET', '/public/projects/statistics');
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      currency: 'EUR',
      total: { projects: 5, amount: 2_800_000 },
      byCountry: [
        { country: 'AL', projects: 2, amount: 600_000 },
        { country: 'KZ', projects: 1, amount: 1_800_000 },
        { country: 'MD', projects: 2, amount: 400_000 },
        { country: 'UA', projects: 2, amount: 400_000 },
      ],
      byActivityType: [
        { activityType: 'direct-assistance', projects: 1, amount: 1_800_000 },
        { activityType: 'hotline', projects: 2, amount: 300_000 },
        { activityType: 'research', projects: 2, amount: 700_000 },
        { activityType: 'training', projects: 1, amount: 1_800_000 },
      ],
      byYear: [
        { year: 2002, projects: 4, amount: 1_000_000 },
        { year: 2027, projects: 1, amount: 1_800_000 },
      ],
    });
  });

  it('exports CSV quoted per RFC 4180, with formula-like cells defused', async () => {
    await sut.nest.get(PublicProjectRepository).put({
      _id: 'demo-csv',
      reference: 'ATPF-2003-9100',
      title: '=HYPERLINK("https://x.test","Hotline, "Tirana"")',
      countries: ['XK'],
      implementingPartners: [{ organisationId: 'demo-p', name: '@partner, with comma' }],
      activityTypes: ['hotline'],
      amount: { amount: 1_234_567, currency: 'EUR' },
      periodStart: '2003-01-01',
      periodEnd: '2003-12-31',
      status: 'completed',
      approvedOn: '2003-01-06',
      year: 2003,
      demo: true,
    });
    const csv = await sut.request<string>('GET', '/public/projects/export.csv?country=XK');
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="atpf-supported-projects.csv"');
    expect(csv.body).toBe(
      'reference,title,countries,implementing_partners,activity_types,amount,currency,period_start,period_end,status,approved_on,demo\r\n' +
        `ATPF-2003-9100,"'=HYPERLINK(""https://x.test"",""Hotline, ""Tirana"""")",XK,"'@partner, with comma",hotline,12345.67,EUR,2003-01-01,2003-12-31,completed,2003-01-06,true\r\n`,
    );
    const everything = await sut.request<string>('GET', '/public/projects/export.csv');
    expect(everything.body.split('\r\n').filter(Boolean)).toHaveLength(1 + 6);
  });

  it('never shows the canary of an urgent justification, a comment or a review in any public answer', async () => {
    const answers = await Promise.all(
      ['/public/projects?limit=100', '/public/projects/statistics', '/public/projects/export.csv'].map((path) =>
        sut.request<unknown>('GET', path),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      expect(text).not.toContain(canary);
      expect(text).not.toContain('RR-2027-000123');
      expect(text).not.toMatch(/weightedScore|justification|fo-1/i);
    }
    // The canary is really stored: the test would prove nothing otherwise.
    expect(JSON.stringify(await proposals.findById('p-approved'))).toContain(canary);
  });
});

describe('public endpoints rate limit', () => {
  let sut: ServiceUnderTest;

  beforeAll(async () => {
    sut = await start(14_521, { FUND_PUBLIC_RATE_LIMIT: '3', FUND_PUBLIC_RATE_WINDOW_MS: '3600000' });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('answers 429 with Retry-After once a client passes the limit, on every public route', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await sut.request('GET', '/public/projects')).status);
    expect(statuses).toEqual([200, 200, 200]);
    for (const path of ['/public/projects', '/public/projects/statistics', '/public/projects/export.csv']) {
      const limited = await sut.request<{ status: number; title: string }>('GET', path);
      expect(limited.status).toBe(429);
      expect(limited.contentType).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }
  });
});
