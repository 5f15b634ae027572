import { TOPICS, type TrainingEventCancelled, type TrainingEventChanged } from '@ctip/contracts';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { TrainingHarness, trainingBody, type Answer } from '../testing/training.fixtures';

/** Events on the real servers: validation, versioning with change notices, cancellation, access. */
describe('training events', () => {
  const run = uniqueSuffix();
  const id = (name: string) => `${name}-${run}`;
  const org = { iom: id('iom-tm'), other: id('osce-am') };
  const people = { ngo1: id('ngo-rep-1'), ngo2: id('ngo-rep-2'), outsider: id('outsider') };
  let h: TrainingHarness;
  let tokens: { organiser: string; otherOrganiser: string; coordinator: string; ngo1: string; outsider: string };

  const create = async (body: unknown = trainingBody(), token = tokens.organiser) => {
    const created = await h.call('POST', '/events', token, body, { 'Idempotency-Key': `event-${uniqueSuffix()}` });
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    h = await TrainingHarness.start(4110, [TOPICS.trainingEventChanged, TOPICS.trainingEventCancelled, TOPICS.trainingInvitationSent]);
    await h.organisation(org.iom, 'TM');
    await h.organisation(org.other, 'AM', 'field-presence');
    for (const p of [people.ngo1, people.ngo2, people.outsider]) await h.person(p, org.iom);
    await h.directoryHas(Object.values(people), Object.values(org));
    tokens = {
      organiser: await h.sut.token(['training-organiser'], { subject: id('organiser'), organisationId: org.iom }),
      otherOrganiser: await h.sut.token(['training-organiser'], { subject: id('organiser-am'), organisationId: org.other }),
      coordinator: await h.sut.token(['coordinator'], { subject: id('coordinator') }),
      ngo1: await h.sut.token(['participant'], { subject: people.ngo1 }),
      outsider: await h.sut.token(['participant'], { subject: people.outsider }),
    };
  });

  afterAll(() => h?.stop());

  describe('bad input', () => {
    it('answers 400 naming each field for an end before the start, an unknown time zone and a session outside the dates', async () => {
      const body = trainingBody();
      const bad = {
        ...body,
        endsAt: new Date(Date.parse(body.startsAt) - 3600_000).toISOString(),
        venue: { ...body.venue, timeZone: 'Asia/Turkmenbashy' },
        sessions: [
          {
            sessionId: 'late',
            startsAt: new Date(Date.parse(body.startsAt) + 10 * 24 * 3600_000).toISOString(),
            endsAt: new Date(Date.parse(body.startsAt) + 10 * 24 * 3600_000 + 3600_000).toISOString(),
            title: { en: 'Too late' },
            trainerIds: [],
          },
        ],
      };
      const refused = await h.call('POST', '/events', tokens.organiser, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'venue.timeZone' })]));
      // The time zone is refused by the schema; the rules between fields are named once the document is well-formed.
      const zoneFixed = await h.call('POST', '/events', tokens.organiser, { ...bad, venue: body.venue });
      expect(zoneFixed.status).toBe(400);
      expect(zoneFixed.body.errors!.map((e) => e.field).sort()).toEqual(['endsAt', 'sessions.0.endsAt', 'sessions.0.startsAt']);
      expect(zoneFixed.body.errors!.find((e) => e.field === 'endsAt')!.reason).toBe('must be after startsAt');
    });

    it('answers 400 for a session outside the dates alone, and 422 for an unknown trainer; nothing is written', async () => {
      const body = trainingBody();
      const outside = {
        ...body,
        sessions: [{ ...(body.sessions[0] as object), startsAt: new Date(Date.parse(body.startsAt) - 3600_000).toISOString() }],
      };
      const refused = await h.call('POST', '/events', tokens.organiser, outside);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { field: 'sessions.0.startsAt', reason: 'must be within the event’s dates (startsAt to endsAt)' },
      ]);
      const unknownTrainer = { ...body, sessions: [{ ...(body.sessions[0] as object), trainerIds: [id('nobody')] }] };
      const unprocessable = await h.call('POST', '/events', tokens.organiser, unknownTrainer, { 'Idempotency-Key': `bad-${run}` });
      expect(unprocessable.status).toBe(422);
      expect(unprocessable.body.errors).toEqual([{ field: 'sessions.0.trainerIds.0', reason: 'is not an active person of the directory' }]);
      const list = await h.sut.listAll<Answer>('/events', tokens.organiser);
      expect(list).toHaveLength(0);
    });
  });

  describe('versions and change notices', () => {
    let event: Answer;

    beforeAll(async () => {
      event = await create();
      const invited = await h.call('POST', `/events/${event.eventId}/invitations`, tokens.organiser, {
        personIds: [people.ngo1, people.ngo2],
      });
      expect(invited.status).toBe(201);
    });

    it('creates once per Idempotency-Key at version 1', async () => {
      const headers = { 'Idempotency-Key': `same-${run}` };
      const first = await h.call('POST', '/events', tokens.organiser, trainingBody(), headers);
      const again = await h.call('POST', '/events', tokens.organiser, trainingBody(), headers);
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body.eventId).toBe(first.body.eventId);
      expect(first.body).toMatchObject({
        version: 1,
        revision: 1,
        state: 'scheduled',
        calendar: { sequence: 0 },
        location: 'Hotel Hazar, Turkmenbashy, Turkmenistan',
      });
      expect(first.body.startsAt).toMatch(/\+05:00$/);
    });

    it('a time change is a new version with a change notice naming it and the previous times', async () => {
      const body = trainingBody();
      const later = (iso: string) => new Date(Date.parse(iso) + 2 * 3600_000).toISOString();
      const moved = {
        ...body,
        startsAt: later(body.startsAt),
        endsAt: later(body.endsAt),
        sessions: [
          {
            ...(body.sessions[0] as { startsAt: string; endsAt: string }),
            startsAt: later(body.startsAt),
            endsAt: later((body.sessions[0] as { endsAt: string }).endsAt),
          },
        ],
        revision: (await h.call('GET', `/events/${event.eventId}`, tokens.organiser)).body.revision,
      };
      const updated = await h.call('PUT', `/events/${event.eventId}`, tokens.organiser, moved);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ version: 2, revision: (moved.revision as number) + 1, calendar: { sequence: 1 } });
      await expectEventually(() => {
        const notices = h.sut.eventsOf<TrainingEventChanged>(TOPICS.trainingEventChanged, event.eventId);
        expect(notices).toHaveLength(1);
        expect(notices[0].data).toMatchObject({
          version: 2,
          changes: ['time', 'agenda'],
          previous: { startsAt: new Date(body.startsAt).toISOString(), endsAt: new Date(body.endsAt).toISOString() },
          calendar: { sequence: 1, uid: `${event.eventId}@training.ctip`, timeZone: 'Asia/Ashgabat' },
          recipients: { personIds: [people.ngo1, people.ngo2].sort() },
        });
      });
      event = updated.body;
    });

    it('another edit (capacity, materials) moves only the revision and sends nothing', async () => {
      const current = (await h.call('GET', `/events/${event.eventId}`, tokens.organiser)).body;
      const { eventId, location, state, version, revision, calendar, seats, demo, createdAt, updatedAt, organisationId, ...content } =
        current;
      void [eventId, location, state, version, calendar, seats, demo, createdAt, updatedAt, organisationId];
      const edited = await h.call('PUT', `/events/${event.eventId}`, tokens.organiser, {
        ...content,
        capacity: 30,
        materials: [],
        revision,
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ version: 2, revision: (revision as number) + 1, capacity: 30 });
      const stale = await h.call('PUT', `/events/${event.eventId}`, tokens.organiser, { ...content, capacity: 31, revision });
      expect(stale.status).toBe(409);
      expect(stale.body.current).toEqual({ revision: (revision as number) + 1 });
      expect(h.sut.eventsOf(TOPICS.trainingEventChanged, event.eventId)).toHaveLength(1);
      event = edited.body;
    });

    it('cancelling is a state with a notice to the invited; any change afterwards answers 409 with the state', async () => {
      const cancelled = await h.call('POST', `/events/${event.eventId}/cancellation`, tokens.organiser);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.state).toBe('cancelled');
      await expectEventually(() => {
        const notices = h.sut.eventsOf<TrainingEventCancelled>(TOPICS.trainingEventCancelled, event.eventId);
        expect(notices.map((n) => n.data)).toEqual([
          expect.objectContaining({ urgent: false, recipients: { personIds: [people.ngo1, people.ngo2].sort() } }),
        ]);
      });
      const again = await h.call('POST', `/events/${event.eventId}/cancellation`, tokens.organiser);
      const edit = await h.call('PUT', `/events/${event.eventId}`, tokens.organiser, {
        ...trainingBody(),
        revision: cancelled.body.revision,
      });
      const accept = await h.call('POST', `/events/${event.eventId}/registrations/${people.ngo1}/acceptance`, tokens.ngo1);
      for (const refused of [again, edit, accept]) {
        expect(refused.status).toBe(409);
        expect(refused.body.current).toEqual({ state: 'cancelled' });
      }
      expect((await h.call('GET', `/events/${event.eventId}`, tokens.ngo1)).body.state).toBe('cancelled');
    });

    it('a cancellation within 48 hours of the start is urgent', async () => {
      const soon = await create(trainingBody({ startsInDays: 1 }));
      await h.call('POST', `/events/${soon.eventId}/invitations`, tokens.organiser, { personIds: [people.ngo1] });
      expect((await h.call('POST', `/events/${soon.eventId}/cancellation`, tokens.organiser)).status).toBe(200);
      await expectEventually(() =>
        expect(h.sut.eventsOf<TrainingEventCancelled>(TOPICS.trainingEventCancelled, soon.eventId).map((n) => n.data.urgent)).toEqual([
          true,
        ]),
      );
    });
  });

  describe('access', () => {
    let event: Answer;

    beforeAll(async () => {
      event = await create();
      await h.call('POST', `/events/${event.eventId}/invitations`, tokens.organiser, { personIds: [people.ngo1] });
    });

    it('participants see the events they are invited to, and nobody else’s', async () => {
      expect((await h.call('GET', `/events/${event.eventId}`, tokens.ngo1)).status).toBe(200);
      expect((await h.call('GET', `/events/${event.eventId}`, tokens.outsider)).status).toBe(404);
      const mine = await h.sut.listAll<Answer>('/events', tokens.ngo1);
      expect(mine.map((e) => e.eventId)).toContain(event.eventId);
      expect((await h.sut.listAll<Answer>('/events', tokens.outsider)).map((e) => e.eventId)).not.toContain(event.eventId);
    });

    it('a trainer of one of its sessions sees the event', async () => {
      const body = trainingBody();
      const trained = await create({ ...body, sessions: [{ ...(body.sessions[0] as object), trainerIds: [people.ngo2] }] });
      const trainer = await h.sut.token(['trainer'], { subject: people.ngo2 });
      expect((await h.call('GET', `/events/${trained.eventId}`, trainer)).status).toBe(200);
      expect((await h.sut.listAll<Answer>('/events', trainer)).map((e) => e.eventId)).toContain(trained.eventId);
      expect((await h.sut.listAll<Answer>('/events', tokens.outsider)).map((e) => e.eventId)).not.toContain(trained.eventId);
    });

    it('the participant list is for the organisers: 403 to a participant, 404 to others, all for the coordinator', async () => {
      const path = `/events/${event.eventId}/registrations`;
      expect((await h.call('GET', path, tokens.organiser)).status).toBe(200);
      expect((await h.call('GET', path, tokens.coordinator)).status).toBe(200);
      expect((await h.call('GET', path, tokens.ngo1)).status).toBe(403);
      expect((await h.call('GET', path, tokens.outsider)).status).toBe(404);
      expect((await h.call('GET', path, tokens.otherOrganiser)).status).toBe(404);
      expect((await h.call('GET', path, '')).status).toBe(401);
    });

    it('only the organisers of the event change it', async () => {
      const body = { ...trainingBody(), revision: event.revision };
      expect((await h.call('PUT', `/events/${event.eventId}`, tokens.otherOrganiser, body)).status).toBe(404);
      expect((await h.call('PUT', `/events/${event.eventId}`, tokens.ngo1, body)).status).toBe(403);
      expect(
        (await h.call('POST', `/events/${event.eventId}/invitations`, tokens.otherOrganiser, { personIds: [people.ngo2] })).status,
      ).toBe(404);
      expect((await h.call('POST', '/events', tokens.ngo1, trainingBody())).status).toBe(403);
      expect((await h.sut.listAll<Answer>('/events', tokens.otherOrganiser)).map((e) => e.eventId)).not.toContain(event.eventId);
    });
  });
});
