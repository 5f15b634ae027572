import { TOPICS } from '@ctip/contracts';
import { expectEventually } from '@ctip/testing';
import { DirectoryTestApp } from '../testing/directory-test-app';
import { freshId, presenceBody } from '../testing/directory-fixtures';
import { OrganisationsController } from './organisations.controller';

describe(OrganisationsController.name, () => {
  let api: DirectoryTestApp;
  let admin: string;

  beforeAll(async () => {
    api = await DirectoryTestApp.start(14005);
    admin = await api.token(['admin']);
  });

  afterAll(async () => {
    await api?.close();
  });

  const revisionsPublished = (id: string) => api.eventsFor(TOPICS.directoryOrganisationChanged, id).map((e) => e.data.revision);

  it('publishes the full state at revision 1 on create and revision 2 on a change, keyed by the id', async () => {
    const id = freshId('org');
    const created = await api.request('POST', '/organisations', { token: admin, body: presenceBody(id, 'MD') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organisationId: id, revision: 1, countriesCovered: ['MD'], active: true, demo: false });

    const [first] = await expectEventually(() => {
      const events = api.eventsFor(TOPICS.directoryOrganisationChanged, id);
      expect(events).toHaveLength(1);
      return events;
    });
    expect(first).toMatchObject({ key: id, type: 'directory.organisation.changed', data: { ...created.body, revision: 1 } });

    const updated = await api.request('PUT', `/organisations/${id}`, {
      token: admin,
      body: { ...presenceBody(id, 'MD', { name: 'Renamed presence' }), revision: 1 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Renamed presence', revision: 2 });
    await expectEventually(() => expect(revisionsPublished(id)).toEqual([1, 2]));
    expect((await api.request('GET', `/organisations/${id}`, { token: admin })).body).toEqual(updated.body);
  });

  it('answers an unchanged PUT with the current state and publishes nothing for it', async () => {
    const id = freshId('org');
    await api.request('POST', '/organisations', { token: admin, body: presenceBody(id, 'AL') });

    const unchanged = await api.request('PUT', `/organisations/${id}`, { token: admin, body: { ...presenceBody(id, 'AL'), revision: 1 } });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toMatchObject({ revision: 1 });

    // A later real change is on the same partition: once it arrived, anything the unchanged PUT published would have too.
    await api.request('PUT', `/organisations/${id}`, { token: admin, body: { ...presenceBody(id, 'AL', { active: false }), revision: 1 } });
    await expectEventually(() => expect(revisionsPublished(id)).toEqual([1, 2]));
  });

  it('refuses a change based on a stale revision with 409 and the current revision', async () => {
    const id = freshId('org');
    await api.request('POST', '/organisations', { token: admin, body: presenceBody(id, 'GE') });
    await api.request('PUT', `/organisations/${id}`, {
      token: admin,
      body: { ...presenceBody(id, 'GE', { regions: ['Tbilisi'] }), revision: 1 },
    });

    const stale = await api.request('PUT', `/organisations/${id}`, {
      token: admin,
      body: { ...presenceBody(id, 'GE', { regions: ['Batumi'] }), revision: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.contentType).toMatch(/application\/problem\+json/);
    expect(stale.body).toMatchObject({
      current: { revision: 2 },
      detail: expect.stringMatching(/at revision 2 but the request was based on revision 1/),
    });
    expect((await api.request('GET', `/organisations/${id}`, { token: admin })).body).toMatchObject({ regions: ['Tbilisi'], revision: 2 });
  });

  it('lets one of two concurrent changes based on the same revision through and refuses the other with the current revision', async () => {
    const id = freshId('org');
    await api.request('POST', '/organisations', { token: admin, body: presenceBody(id, 'KZ') });
    const change = (region: string) =>
      api.request('PUT', `/organisations/${id}`, { token: admin, body: { ...presenceBody(id, 'KZ', { regions: [region] }), revision: 1 } });
    const answers = await Promise.all([change('Almaty'), change('Astana')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body).toMatchObject({ status: 409, current: { revision: 2 } });
    const winner = answers.find((a) => a.status === 200)!;
    expect((await api.request('GET', `/organisations/${id}`, { token: admin })).body).toEqual(winner.body);
    await expectEventually(() => expect(revisionsPublished(id)).toEqual([1, 2]));
  });

  it('refuses to create an id twice', async () => {
    const id = freshId('org');
    expect((await api.request('POST', '/organisations', { token: admin, body: presenceBody(id, 'HR') })).status).toBe(201);
    const again = await api.request('POST', '/organisations', { token: admin, body: presenceBody(id, 'HR', { name: 'Other' }) });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ detail: expect.stringMatching(/exists already/) });
  });

  it('names every invalid field of a body', async () => {
    const invalid = await api.request('POST', '/organisations', {
      token: admin,
      body: { organisationId: 'Bad Id', kind: 'partner', name: 'x', country: 'md', languages: ['de'], timeZone: 'Mars/Olympus' },
    });
    expect(invalid.status).toBe(400);
    const fields = (invalid.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['country', 'languages', 'organisationId', 'timeZone']));
  });

  it('answers 404 for an unknown id', async () => {
    const missing = freshId('org');
    expect((await api.request('GET', `/organisations/${missing}`, { token: admin })).status).toBe(404);
    const put = await api.request('PUT', `/organisations/${missing}`, {
      token: admin,
      body: { ...presenceBody(missing, 'MD'), revision: 1 },
    });
    expect(put.status).toBe(404);
  });

  it('filters organisations by kind, country, service and activity', async () => {
    const shelter = freshId('shelter');
    await api.request('POST', '/organisations', {
      token: admin,
      body: presenceBody(shelter, 'MD', {
        kind: 'partner',
        partnerType: 'shelter',
        services: ['shelter', 'medical'],
        countriesCovered: ['UA'],
      }),
    });
    const ids = async (query: string) =>
      (await api.listAll<{ organisationId: string }>(`/organisations?${query}`, admin)).map((o) => o.organisationId);
    expect(await ids('kind=partner&service=medical&country=UA&active=true')).toContain(shelter);
    expect(await ids('kind=field-presence&country=UA')).not.toContain(shelter);
    expect(await ids('service=legal-aid&country=UA')).not.toContain(shelter);
    expect(await ids('active=false&country=UA')).not.toContain(shelter);
  });

  it('refuses callers without a token (401) and readers who may not write (403)', async () => {
    const id = freshId('org');
    const anonymous = await api.request('POST', '/organisations', { body: presenceBody(id, 'MD') });
    expect(anonymous.status).toBe(401);
    expect((await api.request('GET', '/organisations')).status).toBe(401);

    for (const role of ['participant', 'fund-officer', 'focal-point'] as const) {
      const token = await api.token([role], { countries: ['MD'] });
      expect((await api.request('POST', '/organisations', { token, body: presenceBody(id, 'MD') })).status).toBe(403);
    }
    const participant = await api.token(['participant']);
    expect((await api.request('GET', '/organisations', { token: participant })).status).toBe(403);
    expect((await api.request('GET', `/organisations/${id}`, { token: admin })).status).toBe(404);
  });
});
