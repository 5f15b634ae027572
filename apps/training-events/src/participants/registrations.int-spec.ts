import {
  TOPICS,
  type TrainingInvitationSent,
  type TrainingRegistrationConfirmed,
  type TrainingRegistrationWaitlisted,
  type TrainingSeatOffered,
} from '@ctip/contracts';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { TrainingHarness, trainingBody, type Answer } from '../testing/training.fixtures';

const OFFER_MS = 4_000;

type Registration = Answer & {
  participantId: string;
  state: string;
  waitlistPosition?: number;
  offer?: { offerId: string; confirmBy: string };
};

/** Registration on the real servers: capacity, the waitlist in order, one offer per freed seat, offer expiry. */
describe('training registration', () => {
  const run = uniqueSuffix();
  const org = `ngo-network-${run}`;
  const person = (n: number) => `ngo-rep-${String(n).padStart(2, '0')}-${run}`;
  const everyone = Array.from({ length: 24 }, (_, i) => person(i + 1));
  let h: TrainingHarness;
  let organiser: string;
  const tokenOf = new Map<string, string>();

  const path = (eventId: string, participantId: string, action: string) => `/events/${eventId}/registrations/${participantId}/${action}`;
  const act = (eventId: string, participantId: string, action: 'acceptance' | 'declination' | 'withdrawal') =>
    h.call<Registration>('POST', path(eventId, participantId, action), tokenOf.get(participantId)!);
  const newEvent = async (capacity: number, invitees: string[]) => {
    const created = await h.call('POST', '/events', organiser, trainingBody({ capacity }), { 'Idempotency-Key': `ev-${uniqueSuffix()}` });
    expect(created.status).toBe(201);
    const invited = await h.call('POST', `/events/${created.body.eventId}/invitations`, organiser, { personIds: invitees });
    expect(invited.body).toMatchObject({ invited: invitees.length });
    return created.body.eventId as string;
  };
  const registrations = (eventId: string) => h.sut.listAll<Registration>(`/events/${eventId}/registrations`, organiser);
  const byState = async (eventId: string) => {
    const all = await registrations(eventId);
    const of = (state: string) =>
      all
        .filter((r) => r.state === state)
        .map((r) => r.participantId)
        .sort();
    return {
      confirmed: of('confirmed'),
      offered: of('offered'),
      waitlisted: of('waitlisted'),
      withdrawn: of('withdrawn'),
      declined: of('declined'),
    };
  };

  beforeAll(async () => {
    h = await TrainingHarness.start(
      4120,
      [
        TOPICS.trainingInvitationSent,
        TOPICS.trainingRegistrationConfirmed,
        TOPICS.trainingRegistrationWaitlisted,
        TOPICS.trainingSeatOffered,
      ],
      { TRAINING_OFFER_CONFIRM_MS: String(OFFER_MS) },
    );
    await h.organisation(org, 'TM');
    for (const p of everyone) await h.person(p, org, { audiences: ['ngo-representatives'] });
    await h.directoryHas(everyone, [org]);
    organiser = await h.sut.token(['training-organiser'], { subject: `iom-organiser-${run}`, organisationId: org });
    for (const p of everyone) tokenOf.set(p, await h.sut.token(['participant'], { subject: p }));
  });

  afterAll(() => h?.stop());

  it('invites by audience once per Idempotency-Key, with one notice for the batch', async () => {
    const created = await h.call('POST', '/events', organiser, trainingBody(), { 'Idempotency-Key': `aud-${run}` });
    const eventId = created.body.eventId as string;
    const headers = { 'Idempotency-Key': `invite-${run}` };
    const first = await h.call(
      'POST',
      `/events/${eventId}/invitations`,
      organiser,
      { audiences: ['ngo-representatives'], countries: ['TM'] },
      headers,
    );
    const retry = await h.call(
      'POST',
      `/events/${eventId}/invitations`,
      organiser,
      { audiences: ['ngo-representatives'], countries: ['TM'] },
      headers,
    );
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(first.body).toMatchObject({ invited: everyone.length, alreadyRegistered: 0 });
    expect(retry.body).toEqual(first.body);
    const again = await h.call('POST', `/events/${eventId}/invitations`, organiser, { personIds: [person(1)] });
    expect(again.body).toMatchObject({ invited: 0, alreadyRegistered: 1 });
    await expectEventually(() => {
      const notices = h.sut.eventsOf<TrainingInvitationSent>(TOPICS.trainingInvitationSent, eventId);
      expect(notices).toHaveLength(1);
      expect(notices[0].data.recipients.personIds).toEqual([...everyone].sort());
    });
    const unknown = await h.call('POST', `/events/${eventId}/invitations`, organiser, { personIds: [person(1), `nobody-${run}`] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'personIds.1', reason: 'is not an active person of the directory' }]);
  });

  it('confirms within capacity and waitlists beyond it in order, answering the place (not an error)', async () => {
    const invitees = everyone.slice(0, 5);
    const eventId = await newEvent(3, invitees);
    const answers = [];
    for (const p of invitees) answers.push(await act(eventId, p, 'acceptance'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => [a.body.state, a.body.waitlistPosition])).toEqual([
      ['confirmed', undefined],
      ['confirmed', undefined],
      ['confirmed', undefined],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ]);
    const repeat = await act(eventId, invitees[3], 'acceptance');
    expect(repeat.body).toMatchObject({ state: 'waitlisted', waitlistPosition: 1 });
    await expectEventually(() => {
      expect(
        h.sut
          .eventsOf<TrainingRegistrationConfirmed>(TOPICS.trainingRegistrationConfirmed, eventId)
          .map((e) => e.data.recipients.personIds[0]),
      ).toEqual(invitees.slice(0, 3));
      expect(
        h.sut
          .eventsOf<TrainingRegistrationWaitlisted>(TOPICS.trainingRegistrationWaitlisted, eventId)
          .map((e) => [e.data.recipients.personIds[0], e.data.position]),
      ).toEqual([
        [invitees[3], 1],
        [invitees[4], 2],
      ]);
    });
    expect((await h.call('GET', `/events/${eventId}`, organiser)).body.seats).toEqual({ confirmed: 3, offered: 0, waitlisted: 2, free: 0 });
    // Someone else acts for a participant: 404, as if there were no such registration.
    expect((await h.call('POST', path(eventId, invitees[0], 'withdrawal'), tokenOf.get(invitees[1])!)).status).toBe(404);
  });

  it('offers exactly one seat per withdrawal under 12 concurrent withdrawals, to the first on the waitlist in order', async () => {
    const holders = everyone.slice(0, 12);
    const waiting = everyone.slice(12, 24);
    const eventId = await newEvent(12, [...holders, ...waiting]);
    for (const p of [...holders, ...waiting]) await act(eventId, p, 'acceptance');
    // Six of the twelve seat holders withdraw at the same moment, and six waitlisted people leave the queue at the same moment too.
    const withdrawing = holders.slice(0, 6);
    const leavingQueue = waiting.slice(6, 12);
    const answers = await Promise.all([
      ...withdrawing.map((p) => act(eventId, p, 'withdrawal')),
      ...leavingQueue.map((p) => act(eventId, p, 'withdrawal')),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const offers = await expectEventually(() => {
      const events = h.sut.eventsOf<TrainingSeatOffered>(TOPICS.trainingSeatOffered, eventId);
      expect(events).toHaveLength(6);
      return events;
    });
    const offeredTo = offers.map((o) => o.data.recipients.personIds[0]);
    expect(new Set(offeredTo).size).toBe(6);
    expect(new Set(offers.map((o) => o.data.offerId)).size).toBe(6);
    expect(offeredTo.every((p) => waiting.slice(0, 6).includes(p))).toBe(true);
    const seats = (await h.call('GET', `/events/${eventId}`, organiser)).body.seats;
    expect(seats).toEqual({ confirmed: 6, offered: 6, waitlisted: 0, free: 0 });
    await expectEventually(async () =>
      expect(await byState(eventId)).toEqual({
        confirmed: holders.slice(6).sort(),
        offered: waiting.slice(0, 6).sort(),
        waitlisted: [],
        withdrawn: [...withdrawing, ...leavingQueue].sort(),
        declined: [],
      }),
    );
  });

  it('refuses an acceptance after the registration deadline with 409 naming it; declining is still possible', async () => {
    const deadline = new Date(Date.now() - 3600_000).toISOString();
    const created = await h.call(
      'POST',
      '/events',
      organiser,
      { ...trainingBody(), registrationDeadline: deadline },
      { 'Idempotency-Key': `late-${run}` },
    );
    const eventId = created.body.eventId as string;
    await h.call('POST', `/events/${eventId}/invitations`, organiser, { personIds: [person(1), person(2)] });
    const late = await act(eventId, person(1), 'acceptance');
    expect(late.status).toBe(409);
    expect(late.body.current).toEqual({ registrationDeadline: new Date(deadline).toISOString() });
    expect((await act(eventId, person(2), 'declination')).body.state).toBe('declined');
  });

  it('more capacity offers the new seats to the waitlist in order; less than the seats held is a 409', async () => {
    const invitees = everyone.slice(0, 4);
    const eventId = await newEvent(1, invitees);
    for (const p of invitees) await act(eventId, p, 'acceptance');
    const current = (await h.call('GET', `/events/${eventId}`, organiser)).body;
    const {
      eventId: _id,
      location,
      state,
      version,
      revision,
      calendar,
      seats,
      demo,
      createdAt,
      updatedAt,
      organisationId,
      ...content
    } = current;
    void [_id, location, state, version, calendar, seats, demo, createdAt, updatedAt, organisationId];
    const grown = await h.call('PUT', `/events/${eventId}`, organiser, { ...content, capacity: 3, revision });
    expect(grown.status).toBe(200);
    expect(grown.body.seats).toEqual({ confirmed: 1, offered: 2, waitlisted: 1, free: 0 });
    await expectEventually(() =>
      expect(h.sut.eventsOf<TrainingSeatOffered>(TOPICS.trainingSeatOffered, eventId).map((o) => o.data.recipients.personIds[0])).toEqual(
        invitees.slice(1, 3),
      ),
    );
    const shrunk = await h.call('PUT', `/events/${eventId}`, organiser, { ...content, capacity: 2, revision: grown.body.revision });
    expect(shrunk.status).toBe(409);
    expect(shrunk.body.current).toEqual({ held: 3, capacity: 3 });
  });

  it('an offer confirmed in time is a seat; one left to expire passes to the next on the waitlist', async () => {
    const [holder, first, second, third] = everyone.slice(0, 4);
    const eventId = await newEvent(1, [holder, first, second, third]);
    for (const p of [holder, first, second, third]) await act(eventId, p, 'acceptance');
    expect((await act(eventId, holder, 'withdrawal')).body.state).toBe('withdrawn');
    const offered = await act(eventId, first, 'acceptance');
    expect(offered.body.state).toBe('confirmed');
    expect((await act(eventId, first, 'declination')).body.state).toBe('declined');
    // The seat went to `second`, who lets it expire: after OFFER_MS it is offered to `third`.
    const offerToSecond = await h.call<Registration>('GET', `/events/${eventId}/registrations/${second}`, tokenOf.get(second)!);
    expect(offerToSecond.body.state).toBe('offered');
    const confirmBy = Date.parse(offerToSecond.body.offer!.confirmBy);
    await expectEventually(
      async () => {
        expect((await h.call<Registration>('GET', `/events/${eventId}/registrations/${third}`, tokenOf.get(third)!)).body.state).toBe(
          'offered',
        );
      },
      { timeoutMs: OFFER_MS + 15_000 },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(confirmBy);
    expect((await h.call<Registration>('GET', `/events/${eventId}/registrations/${second}`, tokenOf.get(second)!)).body.state).toBe(
      'declined',
    );
    const offers = h.sut.eventsOf<TrainingSeatOffered>(TOPICS.trainingSeatOffered, eventId).map((o) => o.data.recipients.personIds[0]);
    expect(offers).toEqual([first, second, third]);
    expect((await act(eventId, third, 'acceptance')).body.state).toBe('confirmed');
    expect((await act(eventId, second, 'acceptance')).status).toBe(409);
  });
});
