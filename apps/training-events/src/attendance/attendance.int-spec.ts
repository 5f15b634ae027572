import { ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import { eventFixture, seedEvent, sessionsFixture, trainingModule, updateEvent } from '../testing/after-event.fixtures';
import type { AttendanceView } from './attendance.dto';

const HOUR = 3_600_000;

type Problem = { errors?: { field: string; reason: string }[]; current?: Record<string, unknown> };

/** The per-session register kept by the organiser and the attendance rate per participant, on the real servers. */
describe('attendance register', () => {
  const run = uniqueSuffix();
  let service: ServiceUnderTest;
  let organiser: string;
  const [a, b, c] = [`ngo-ahal-${run}`, `ngo-balkan-${run}`, `ext-${run}`];
  const startsAt = new Date(Date.now() - 30 * HOUR);
  const event = eventFixture(run, { startsAt, endsAt: new Date(startsAt.getTime() + 8 * HOUR), sessions: sessionsFixture(startsAt, 4) });
  const ongoing = eventFixture(run, {
    startsAt: new Date(Date.now() - HOUR),
    endsAt: new Date(Date.now() + 6 * HOUR),
    sessions: sessionsFixture(new Date(Date.now() - HOUR), 2),
  });

  const keep = (sessionId: string, entries: unknown[], token = organiser, eventId = event._id) =>
    service.request<Problem>('PUT', `/events/${eventId}/sessions/${sessionId}/attendance`, { token, body: { entries } });
  const view = (token: string) => service.request<AttendanceView>('GET', `/events/${event._id}/attendance`, { token });

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ name: 'training-events', port: 4313, module: trainingModule });
    organiser = await service.token(['training-organiser'], { subject: `organiser-${run}`, organisationId: event.organisationId });
    const seated = [a, b, c].map((participantId) => ({ participantId, timeZone: 'Asia/Ashgabat' }));
    await seedEvent(service, event, seated);
    await seedEvent(service, ongoing, seated);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('keeps each session’s register and rates everyone over the kept sessions; a PUT replaces the register', async () => {
    expect(
      (
        await keep('s1', [
          { participantId: a, status: 'present' },
          { participantId: b, status: 'present' },
          { participantId: c, status: 'excused' },
        ])
      ).status,
    ).toBe(200);
    // A mistake, then its correction: the register is replaced, not merged.
    expect(
      (
        await keep('s2', [
          { participantId: a, status: 'absent' },
          { participantId: c, status: 'present' },
        ])
      ).status,
    ).toBe(200);
    const s2 = await keep('s2', [
      { participantId: a, status: 'present' },
      { participantId: b, status: 'absent' },
    ]);
    expect(s2.status).toBe(200);
    expect(s2.body).toMatchObject({ eventId: event._id, sessionId: 's2', entries: [{ participantId: a }, { participantId: b }] });
    expect(
      (
        await keep(
          's3',
          [a, b, c].map((participantId) => ({ participantId, status: 'present' })),
        )
      ).status,
    ).toBe(200);

    const three = await view(organiser);
    expect(three.status).toBe(200);
    expect(three.body).toMatchObject({ eventId: event._id, sessions: 4, sessionsKept: 3, threshold: 0.75 });
    expect(three.body.participants.map((p) => [p.participantId, p.rate])).toEqual([
      [a, 1],
      [b, 0.6667],
      [c, 0.3333],
    ]);

    await keep('s4', [
      { participantId: a, status: 'absent' },
      { participantId: b, status: 'present' },
      { participantId: c, status: 'present' },
    ]);
    const four = await view(organiser);
    expect(four.body.participants).toEqual([
      { participantId: a, present: 3, absent: 1, excused: 0, sessions: 4, rate: 0.75, reachesThreshold: true },
      { participantId: b, present: 3, absent: 1, excused: 0, sessions: 4, rate: 0.75, reachesThreshold: true },
      { participantId: c, present: 2, absent: 1, excused: 1, sessions: 4, rate: 0.5, reachesThreshold: false },
    ]);
    const own = await view(await service.token(['participant'], { subject: c }));
    expect(own.status).toBe(200);
    expect(own.body.participants.map((p) => p.participantId)).toEqual([c]);
    expect((await view(await service.token(['coordinator']))).body.participants).toHaveLength(3);
  });

  it('names each participant without a seat or listed twice (422) and each malformed entry (400), and writes nothing then', async () => {
    const stranger = await keep('s1', [
      { participantId: a, status: 'absent' },
      { participantId: `stranger-${run}`, status: 'present' },
    ]);
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual([
      { field: 'entries.1.participantId', reason: `stranger-${run} holds no seat at event ${event._id}` },
    ]);
    const malformed = await keep('s1', [
      { participantId: a, status: 'late' },
      { participantId: b, status: 'present' },
    ]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors!.map((e) => e.field)).toEqual(['entries.0.status']);
    const twice = await keep('s1', [
      { participantId: a, status: 'present' },
      { participantId: b, status: 'present' },
      { participantId: b, status: 'absent' },
    ]);
    expect(twice.status).toBe(422);
    expect(twice.body.errors).toEqual([{ field: 'entries.2.participantId', reason: 'is listed twice in this register' }]);
    expect((await keep('s1', [])).status).toBe(400);
    const rates = await view(organiser);
    expect(rates.body.participants[0]).toMatchObject({ participantId: a, present: 3 });
  });

  it('refuses unknown sessions, sessions not begun, cancelled events and everyone but the organiser', async () => {
    expect((await keep('s9', [{ participantId: a, status: 'present' }])).status).toBe(404);
    const early = await keep('s2', [{ participantId: a, status: 'present' }], organiser, ongoing._id);
    expect(early.status).toBe(409);
    expect(early.body.current).toEqual({ startsAt: ongoing.sessions[1].startsAt.toISOString() });
    expect((await keep('s1', [{ participantId: a, status: 'present' }], organiser, ongoing._id)).status).toBe(200);
    expect((await keep('s1', [{ participantId: a, status: 'present' }], await service.token(['participant'], { subject: a }))).status).toBe(
      403,
    );
    const elsewhere = await service.token(['training-organiser'], { subject: `other-${run}`, organisationId: `other-${run}` });
    expect((await keep('s1', [{ participantId: a, status: 'present' }], elsewhere)).status).toBe(404);
    expect((await view(elsewhere)).status).toBe(404);
    await updateEvent(service, ongoing._id, { state: 'cancelled', cancelledAt: new Date() });
    const cancelled = await keep('s1', [{ participantId: a, status: 'present' }], organiser, ongoing._id);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.current).toEqual({ state: 'cancelled' });
  });
});
