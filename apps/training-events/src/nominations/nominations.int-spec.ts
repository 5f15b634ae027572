import { TOPICS, type TrainingNominationRequested, type TrainingRegistrationConfirmed } from '@ctip/contracts';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { TrainingHarness, trainingBody, type Answer } from '../testing/training.fixtures';

type Nomination = Answer & { nominationId: string; state: string; participantId: string };

/** Nominations on the real servers: requests to focal points, quotas per institution and country under concurrency, decisions. */
describe('training nominations', () => {
  const run = uniqueSuffix();
  const id = (name: string) => `${name}-${run}`;
  const org = {
    organiser: id('odihr'),
    ministryA: id('ministry-justice-tm'),
    ministryB: id('prosecutor-general-tm'),
    mission: id('osce-am'),
  };
  const focal = { a: id('focal-a'), b: id('focal-b'), mission: id('focal-am') };
  const candidates = Array.from({ length: 10 }, (_, i) => id(`prosecutor-${i}`));
  let h: TrainingHarness;
  const tokens: Record<string, string> = {};

  const newEvent = async () => {
    const created = await h.call('POST', '/events', tokens.organiser, trainingBody({ capacity: 1 }), {
      'Idempotency-Key': `ev-${uniqueSuffix()}`,
    });
    expect(created.status).toBe(201);
    return created.body.eventId as string;
  };
  const ask = (eventId: string, body: Record<string, unknown>) =>
    h.call('POST', `/events/${eventId}/nomination-requests`, tokens.organiser, body, { 'Idempotency-Key': `ask-${uniqueSuffix()}` });
  const nominate = (eventId: string, token: string, personId: string) =>
    h.call<Nomination>('POST', `/events/${eventId}/nominations`, token, { personId }, { 'Idempotency-Key': `nom-${uniqueSuffix()}` });

  beforeAll(async () => {
    h = await TrainingHarness.start(4130, [TOPICS.trainingNominationRequested, TOPICS.trainingRegistrationConfirmed]);
    await h.organisation(org.organiser, 'PL', 'coordination-unit');
    await h.organisation(org.ministryA, 'TM', 'partner');
    await h.organisation(org.ministryB, 'TM', 'partner');
    await h.organisation(org.mission, 'AM', 'field-presence');
    await h.person(focal.a, org.ministryA, { roles: ['focal-point'] });
    await h.person(focal.b, org.ministryB, { roles: ['focal-point'] });
    await h.person(focal.mission, org.mission, { roles: ['focal-point'] });
    for (const c of candidates) await h.person(c, org.ministryA, { audiences: ['prosecutors'] });
    await h.directoryHas([...Object.values(focal), ...candidates], Object.values(org));
    tokens.organiser = await h.sut.token(['training-organiser'], { subject: id('organiser'), organisationId: org.organiser });
    tokens.a = await h.sut.token(['focal-point'], { subject: focal.a, organisationId: org.ministryA });
    tokens.b = await h.sut.token(['focal-point'], { subject: focal.b, organisationId: org.ministryB });
    tokens.mission = await h.sut.token(['focal-point'], { subject: focal.mission, organisationId: org.mission });
  });

  afterAll(() => h?.stop());

  it('asks an institution’s focal points to nominate, once per Idempotency-Key and institution', async () => {
    const eventId = await newEvent();
    const headers = { 'Idempotency-Key': `ask-${run}` };
    const body = { organisationId: org.ministryA, quota: 5, countryQuota: 3 };
    const first = await h.call('POST', `/events/${eventId}/nomination-requests`, tokens.organiser, body, headers);
    const retry = await h.call('POST', `/events/${eventId}/nomination-requests`, tokens.organiser, body, headers);
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(first.body).toMatchObject({ organisationId: org.ministryA, country: 'TM', quota: 5, countryQuota: 3, remaining: 3 });
    expect((await ask(eventId, body)).status).toBe(409);
    const unknown = await ask(eventId, { organisationId: id('nowhere'), quota: 1 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'organisationId', reason: 'is not an active organisation of the directory' }]);
    await expectEventually(() => {
      const notices = h.sut.eventsOf<TrainingNominationRequested>(TOPICS.trainingNominationRequested, eventId).map((e) => e.data);
      expect(notices).toEqual([
        expect.objectContaining({ nominatingOrganisationId: org.ministryA, quota: 3, recipients: { personIds: [focal.a] } }),
      ]);
    });
  });

  it('holds the institution’s quota under 8 concurrent nominations: 3 pass, the rest 409 naming it', async () => {
    const eventId = await newEvent();
    expect((await ask(eventId, { organisationId: org.ministryA, quota: 3 })).status).toBe(201);
    const answers = await Promise.all(candidates.slice(0, 8).map((c) => nominate(eventId, tokens.a, c)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual(Array(5).fill(409));
    for (const r of refused) expect(r.body.current).toEqual({ quota: 'organisation', limit: 3, used: 3 });
    const list = await h.call<{ nominations: Nomination[] }>('GET', `/events/${eventId}/nominations`, tokens.organiser);
    expect(list.body.nominations).toHaveLength(3);
  });

  it('holds the country’s quota shared by two institutions under concurrent nominations', async () => {
    const eventId = await newEvent();
    expect((await ask(eventId, { organisationId: org.ministryA, quota: 4 })).status).toBe(201);
    expect((await ask(eventId, { organisationId: org.ministryB, quota: 4, countryQuota: 5 })).status).toBe(201);
    const fromA = candidates.slice(0, 4).map((c) => nominate(eventId, tokens.a, c));
    const fromB = candidates.slice(4, 8).map((c) => nominate(eventId, tokens.b, c));
    const answers = await Promise.all([...fromA, ...fromB]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.body.current).toEqual({ quota: 'country', limit: 5, used: 5 });
  });

  it('approval gives the nominee a seat (or the waitlist); rejection frees the quota; others cannot nominate', async () => {
    const eventId = await newEvent();
    expect((await ask(eventId, { organisationId: org.ministryA, quota: 2 })).status).toBe(201);
    const [first, second] = [await nominate(eventId, tokens.a, candidates[0]), await nominate(eventId, tokens.a, candidates[1])];
    expect((await nominate(eventId, tokens.a, candidates[2])).status).toBe(409);
    const decide = (n: Nomination, how: 'approval' | 'rejection', token = tokens.organiser) =>
      h.call<Nomination>('POST', `/events/${eventId}/nominations/${n.nominationId}/${how}`, token);
    expect((await decide(first.body, 'approval', tokens.a)).status).toBe(403);
    expect((await decide(first.body, 'approval')).body.state).toBe('approved');
    expect((await decide(first.body, 'rejection')).status).toBe(409);
    expect((await decide(second.body, 'rejection')).body.state).toBe('rejected');
    expect((await nominate(eventId, tokens.a, candidates[2])).status).toBe(201);
    const registration = await h.call('GET', `/events/${eventId}/registrations/${candidates[0]}`, tokens.organiser);
    expect(registration.body).toMatchObject({
      state: 'confirmed',
      source: { kind: 'nomination' },
      participant: { country: 'TM', audiences: ['prosecutors'] },
    });
    await expectEventually(() =>
      expect(
        h.sut
          .eventsOf<TrainingRegistrationConfirmed>(TOPICS.trainingRegistrationConfirmed, eventId)
          .map((e) => e.data.recipients.personIds),
      ).toEqual([[candidates[0]]]),
    );
    expect((await nominate(eventId, tokens.mission, candidates[3])).status).toBe(404);
    // The asked institution sees the event it nominates for; another does not.
    expect((await h.call('GET', `/events/${eventId}`, tokens.a)).status).toBe(200);
    expect((await h.sut.listAll<Answer>('/events', tokens.a)).map((e) => e.eventId)).toContain(eventId);
    expect((await h.call('GET', `/events/${eventId}`, tokens.mission)).status).toBe(404);
    expect((await h.sut.listAll<Answer>('/events', tokens.mission)).map((e) => e.eventId)).not.toContain(eventId);
  });
});
