import { TOPICS } from '@ctip/contracts';
import { expectEventually } from '@ctip/testing';
import { DirectoryTestApp } from '../testing/directory-test-app';
import { freshId, personBody, presenceBody } from '../testing/directory-fixtures';
import { PeopleController } from './people.controller';

interface ContactPointView {
  contactPointId: string;
  address?: string;
  verified: boolean;
}

describe(PeopleController.name, () => {
  let api: DirectoryTestApp;
  let admin: string;
  let presence: string;

  beforeAll(async () => {
    api = await DirectoryTestApp.start(14006);
    admin = await api.token(['admin']);
    presence = freshId('presence');
    expect((await api.request('POST', '/organisations', { token: admin, body: presenceBody(presence, 'MD') })).status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('creates a person with unverified contact points and publishes them keyed by the person', async () => {
    const id = freshId('fp');
    const created = await api.request<{ revision: number; contactPoints: ContactPointView[] }>('POST', '/people', {
      token: admin,
      body: personBody(id, presence),
    });
    expect(created.status).toBe(201);
    expect(created.body.revision).toBe(1);
    expect(created.body.contactPoints.map((p) => p.verified)).toEqual([false, false]);
    await expectEventually(() =>
      expect(api.eventsFor(TOPICS.directoryPersonChanged, id)).toEqual([
        expect.objectContaining({ key: id, data: expect.objectContaining({ personId: id, organisationId: presence, revision: 1 }) }),
      ]),
    );
  });

  it('keeps the audiences a person belongs to and publishes them; an empty list reads back as none', async () => {
    const id = freshId('ngo-rep');
    const body = { ...personBody(id, presence), audiences: ['ngo-representatives', 'social-workers'] };
    const created = await api.request<{ revision: number; audiences?: string[] }>('POST', '/people', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body.audiences).toEqual(['ngo-representatives', 'social-workers']);
    await expectEventually(() =>
      expect(api.eventsFor(TOPICS.directoryPersonChanged, id).map((e) => (e.data as { audiences?: string[] }).audiences)).toEqual([
        ['ngo-representatives', 'social-workers'],
      ]),
    );
    const cleared = await api.request<{ revision: number; audiences?: string[] }>('PUT', `/people/${id}`, {
      token: admin,
      body: { ...body, audiences: [], revision: 1 },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty('audiences');
    const unchanged = await api.request<{ revision: number }>('PUT', `/people/${id}`, {
      token: admin,
      body: { ...body, audiences: [], revision: 2 },
    });
    expect(unchanged.body.revision).toBe(2);
    const unknown = await api.request<{ errors: { field: string }[] }>('POST', '/people', {
      token: admin,
      body: { ...personBody(freshId('x'), presence), audiences: ['astronauts'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.field)).toEqual(['audiences.0']);
  });

  it('names the field of an address that does not fit its channel', async () => {
    const body = personBody(freshId('fp'), presence, {
      contactPoints: [
        { contactPointId: 'email', channel: 'email', address: 'not-an-address', priority: 0 },
        { contactPointId: 'sms', channel: 'sms', address: '+99900999001', priority: 1 },
        { contactPointId: 'hook', channel: 'webhook', address: 'http://hooks.example.org/x', priority: 2 },
      ],
    });
    const invalid = await api.request<{ errors: { field: string; reason: string }[] }>('POST', '/people', { token: admin, body });
    // Schema-valid strings that break the channel's rule: 422 (400 is for what the OpenAPI schema refuses).
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toEqual([
      { field: 'contactPoints.0.address', reason: expect.stringMatching(/email address/) },
      { field: 'contactPoints.2.address', reason: expect.stringMatching(/https URL/) },
    ]);
    expect(JSON.stringify(invalid.body)).not.toContain('not-an-address');
  });

  it('refuses a person of an organisation that does not exist with 422', async () => {
    const unknown = await api.request('POST', '/people', { token: admin, body: personBody(freshId('fp'), freshId('nowhere')) });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ errors: [{ field: 'organisationId', reason: 'no organisation with this id' }] });
  });

  it('keeps a verification until the address changes', async () => {
    const id = freshId('fp');
    await api.request('POST', '/people', { token: admin, body: personBody(id, presence) });
    const verified = await api.request<{ revision: number; contactPoints: ContactPointView[] }>(
      'POST',
      `/people/${id}/contact-points/email/verification`,
      { token: admin },
    );
    expect(verified.status).toBe(200);
    expect(verified.body.revision).toBe(2);
    expect(verified.body.contactPoints.map((p) => [p.contactPointId, p.verified])).toEqual([
      ['email', true],
      ['sms', false],
    ]);
    const again = await api.request('POST', `/people/${id}/contact-points/email/verification`, { token: admin });
    expect(again.body).toMatchObject({ revision: 2 });

    const renamed = await api.request<{ revision: number; contactPoints: ContactPointView[] }>('PUT', `/people/${id}`, {
      token: admin,
      body: { ...personBody(id, presence, { displayName: 'Renamed' }), revision: 2 },
    });
    expect(renamed.body.contactPoints[0].verified).toBe(true);

    const moved = personBody(id, presence);
    (moved.contactPoints as { address: string }[])[0].address = `${id}.new@test.example.org`;
    const readdressed = await api.request<{ revision: number; contactPoints: ContactPointView[] }>('PUT', `/people/${id}`, {
      token: admin,
      body: { ...moved, revision: 3 },
    });
    expect(readdressed.body).toMatchObject({ revision: 4 });
    expect(readdressed.body.contactPoints[0].verified).toBe(false);
    await expectEventually(() =>
      expect(api.eventsFor(TOPICS.directoryPersonChanged, id).map((e) => e.data.revision)).toEqual([1, 2, 3, 4]),
    );

    expect((await api.request('POST', `/people/${id}/contact-points/nope/verification`, { token: admin })).status).toBe(404);
    const stale = await api.request('POST', `/people/${id}/contact-points/email/verification`, { token: admin, body: { revision: 3 } });
    expect(stale.status).toBe(409);
  });

  it('shows contact addresses to coordinators but leaves them out for a fund officer', async () => {
    const id = freshId('fp');
    await api.request('POST', '/people', { token: admin, body: personBody(id, presence) });

    const coordinator = await api.request<{ contactPoints: ContactPointView[] }>('GET', `/people/${id}`, {
      token: await api.token(['coordinator']),
    });
    expect(coordinator.body.contactPoints.map((p) => p.address)).toEqual([`${id}@test.example.org`, '+99900999001']);

    const fundOfficer = await api.token(['fund-officer']);
    const read = await api.request<{ contactPoints: ContactPointView[] }>('GET', `/people/${id}`, { token: fundOfficer });
    expect(read.status).toBe(200);
    expect(read.body.contactPoints).toEqual([
      { contactPointId: 'email', channel: 'email', verified: false, priority: 0 },
      { contactPointId: 'sms', channel: 'sms', verified: false, priority: 1 },
    ]);
    const listed = await api.listAll<{ contactPoints: ContactPointView[] }>(`/people?organisationId=${presence}`, fundOfficer);
    expect(JSON.stringify(listed)).not.toMatch(/@test\.example\.org|\+99900999001/);
  });

  it('returns every person exactly once across pages', async () => {
    const organisation = freshId('org');
    await api.request('POST', '/organisations', { token: admin, body: presenceBody(organisation, 'KZ') });
    const ids = Array.from({ length: 7 }, (_, i) => `${organisation}-p${i}`);
    for (const id of [...ids].reverse()) {
      expect((await api.request('POST', '/people', { token: admin, body: personBody(id, organisation) })).status).toBe(201);
    }

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { personId: string }[]; nextCursor: string | null } } = await api.request(
        'GET',
        `/people?organisationId=${organisation}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      );
      expect(page.status).toBe(200);
      pages.push(page.body.items.map((p) => p.personId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...ids].sort());

    const byRole = await api.listAll<{ personId: string }>(`/people?organisationId=${organisation}&role=focal-point`, admin, 2);
    expect(byRole.map((p) => p.personId)).toEqual([...ids].sort());
    expect((await api.request('GET', '/people?limit=500', { token: admin })).status).toBe(400);
    expect((await api.request('GET', '/people?cursor=garbage!', { token: admin })).body).toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it('lets a participant neither read nor write people', async () => {
    const participant = await api.token(['participant']);
    expect((await api.request('POST', '/people', { token: participant, body: personBody(freshId('fp'), presence) })).status).toBe(403);
    expect((await api.request('GET', `/people?organisationId=${presence}`, { token: participant })).status).toBe(403);
  });
});
