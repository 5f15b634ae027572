import { TOPICS } from '@ctip/contracts';
import { expectEventually } from '@ctip/testing';
import { DirectoryTestApp } from '../testing/directory-test-app';
import { freshId, personBody, presenceBody } from '../testing/directory-fixtures';
import { RostersController } from './rosters.controller';

describe(RostersController.name, () => {
  let api: DirectoryTestApp;
  let admin: string;
  let md: string;
  let al: string;
  const person = (presence: string, role: string) => `${presence}-${role}`;

  const createPresence = async (country: string) => {
    const id = freshId(`presence-${country.toLowerCase()}`);
    expect((await api.request('POST', '/organisations', { token: admin, body: presenceBody(id, country) })).status).toBe(201);
    for (const role of ['primary', 'backup-1', 'backup-2', 'hom', 'deputy']) {
      expect((await api.request('POST', '/people', { token: admin, body: personBody(person(id, role), id) })).status).toBe(201);
    }
    return id;
  };

  const rosterOf = (presence: string, overrides: Record<string, unknown> = {}) => ({
    primaryFocalPointId: person(presence, 'primary'),
    backupIds: [person(presence, 'backup-1'), person(presence, 'backup-2')],
    headOfMissionId: person(presence, 'hom'),
    ...overrides,
  });

  beforeAll(async () => {
    api = await DirectoryTestApp.start(14007);
    admin = await api.token(['admin']);
    md = await createPresence('MD');
    al = await createPresence('AL');
  });

  afterAll(async () => {
    await api?.close();
  });

  it('refuses a roster naming a person of another presence with 422 naming the field', async () => {
    const foreign = await api.request('PUT', `/presences/${md}/roster`, {
      token: admin,
      body: rosterOf(md, { backupIds: [person(al, 'backup-1')], headOfMissionId: freshId('nobody') }),
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([
      { field: 'backupIds.0', reason: `belongs to ${al}, not to ${md}` },
      { field: 'headOfMissionId', reason: 'no person with this id' },
    ]);
    expect((await api.request('GET', `/presences/${md}/roster`, { token: admin })).status).toBe(404);
  });

  it('creates a roster, publishes it, and answers a stale or unchanged replacement correctly', async () => {
    const created = await api.request('PUT', `/presences/${md}/roster`, { token: admin, body: rosterOf(md) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organisationId: md, revision: 1, absences: [] });

    const unchanged = await api.request('PUT', `/presences/${md}/roster`, { token: admin, body: { ...rosterOf(md), revision: 1 } });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toMatchObject({ revision: 1 });

    const swapped = rosterOf(md, { backupIds: [person(md, 'backup-2'), person(md, 'backup-1')] });
    expect((await api.request('PUT', `/presences/${md}/roster`, { token: admin, body: { ...swapped, revision: 1 } })).status).toBe(200);
    const stale = await api.request('PUT', `/presences/${md}/roster`, { token: admin, body: { ...rosterOf(md), revision: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ current: { revision: 2 } });

    await expectEventually(() =>
      expect(api.eventsFor(TOPICS.directoryRosterChanged, md).map((e) => [e.data.revision, e.data.backupIds])).toEqual([
        [1, [person(md, 'backup-1'), person(md, 'backup-2')]],
        [2, [person(md, 'backup-2'), person(md, 'backup-1')]],
      ]),
    );
  });

  it('tells who is on duty: a named cover stands in for an absent focal point', async () => {
    const current = await api.request<{ revision: number }>('GET', `/presences/${md}/roster`, { token: admin });
    const now = Date.now();
    const absence = {
      personId: person(md, 'primary'),
      from: new Date(now - 3600_000).toISOString(),
      to: new Date(now + 3600_000).toISOString(),
      coveredBy: person(md, 'deputy'),
    };
    const put = await api.request('PUT', `/presences/${md}/roster`, {
      token: admin,
      body: { ...rosterOf(md), absences: [absence], revision: current.body.revision },
    });
    expect(put.status).toBe(200);

    const reader = await api.token(['partner']);
    const during = await api.request('GET', `/presences/${md}/on-duty`, { token: reader });
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({
      organisationId: md,
      onDuty: { personId: person(md, 'deputy'), displayName: `Test person ${person(md, 'deputy')}`, languages: ['en'] },
      backups: [{ personId: person(md, 'backup-1') }, { personId: person(md, 'backup-2') }],
      headOfMission: { personId: person(md, 'hom') },
    });
    expect(JSON.stringify(during.body)).not.toMatch(/contactPoints|@test\.example\.org|\+999/);

    const later = await api.request(
      'GET',
      `/presences/${md}/on-duty?at=${encodeURIComponent(new Date(now + 2 * 3600_000).toISOString())}`,
      {
        token: reader,
      },
    );
    expect(later.body).toMatchObject({ onDuty: { personId: person(md, 'primary') } });
    expect((await api.request('GET', `/presences/${md}/on-duty?at=tomorrow`, { token: reader })).status).toBe(400);
  });

  it("lets a focal point of Moldova change Moldova's roster but not Albania's", async () => {
    const moldova = await api.token(['focal-point'], { countries: ['MD'], subject: person(md, 'primary') });
    const current = await api.request<{ revision: number }>('GET', `/presences/${md}/roster`, { token: moldova });
    const own = await api.request('PUT', `/presences/${md}/roster`, {
      token: moldova,
      body: { ...rosterOf(md), revision: current.body.revision },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ revision: current.body.revision + 1, absences: [] });

    const other = await api.request('PUT', `/presences/${al}/roster`, { token: moldova, body: rosterOf(al) });
    expect(other.status).toBe(403);
    expect((await api.request('GET', `/presences/${al}/roster`, { token: admin })).status).toBe(404);
    expect((await api.request('PUT', `/presences/${al}/roster`, { token: admin, body: rosterOf(al) })).status).toBe(201);
  });

  it('keeps people on a roster from being deactivated or moved to another organisation', async () => {
    const id = person(al, 'backup-2');
    const { body } = await api.request<{ revision: number }>('GET', `/people/${id}`, { token: admin });
    const deactivate = await api.request('PUT', `/people/${id}`, {
      token: admin,
      body: { ...personBody(id, al, { active: false }), revision: body.revision },
    });
    expect(deactivate.status).toBe(422);
    expect(deactivate.body).toMatchObject({ errors: [{ field: 'active', reason: expect.stringContaining(`roster of ${al}`) }] });
    const move = await api.request('PUT', `/people/${id}`, { token: admin, body: { ...personBody(id, md), revision: body.revision } });
    expect(move.status).toBe(422);
    expect(move.body).toMatchObject({ errors: [{ field: 'organisationId' }] });
  });

  it('gives rosters to field presences only', async () => {
    const partner = freshId('partner');
    await api.request('POST', '/organisations', {
      token: admin,
      body: presenceBody(partner, 'MD', { kind: 'partner', partnerType: 'ngo', services: ['legal-aid'] }),
    });
    const refused = await api.request('PUT', `/presences/${partner}/roster`, { token: admin, body: rosterOf(md) });
    expect(refused.status).toBe(422);
    expect((await api.request('PUT', `/presences/${freshId('nowhere')}/roster`, { token: admin, body: rosterOf(md) })).status).toBe(404);
  });
});
