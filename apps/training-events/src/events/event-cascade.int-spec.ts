import { randomUUID } from 'node:crypto';
import { uniqueSuffix } from '@ctip/testing';
import { AttendanceRegisterRepository } from '../attendance/attendance-register.repository';
import { eventFixture, seedEvent, sessionsFixture } from '../testing/after-event.fixtures';
import { TrainingHarness, trainingBody, type Answer } from '../testing/training.fixtures';

const DAY = 24 * 3_600_000;

/** An event cascading from a training-of-trainers names only trainers trained there (a seat and its attendance threshold). */
describe('events cascading from a training-of-trainers', () => {
  const run = uniqueSuffix();
  const org = `osce-md-${run}`;
  const [trained, halfTrained, stranger] = [`fp-md-${run}`, `fp-al-${run}`, `other-${run}`];
  let h: TrainingHarness;
  let organiser: string;
  const tot = eventFixture(run, {
    _id: randomUUID(),
    kind: 'training-of-trainers',
    startsAt: new Date(Date.now() - 30 * DAY),
    endsAt: new Date(Date.now() - 30 * DAY + 8 * 3_600_000),
    sessions: sessionsFixture(new Date(Date.now() - 30 * DAY), 2),
  });
  const body = (trainers: string[][], cascadeFromEventId = tot._id) => {
    const base = trainingBody({ startsInDays: 20 });
    const starts = Date.parse(base.startsAt);
    const sessions = trainers.map((trainerIds, i) => ({
      sessionId: `m${i + 1}`,
      startsAt: new Date(starts + i * 3 * 3_600_000).toISOString(),
      endsAt: new Date(starts + (i * 3 + 2) * 3_600_000).toISOString(),
      title: { en: `Module ${i + 1}`, ru: `Модуль ${i + 1}` },
      trainerIds,
    }));
    return { ...base, sessions, cascadeFromEventId };
  };

  beforeAll(async () => {
    h = await TrainingHarness.start(4401, []);
    await h.organisation(org, 'MD', 'field-presence');
    for (const person of [trained, halfTrained, stranger]) await h.person(person, org, { roles: ['trainer'] });
    await h.directoryHas([trained, halfTrained, stranger], [org]);
    organiser = await h.sut.token(['training-organiser'], { subject: `organiser-${run}`, organisationId: org });
    const seat = (participantId: string) => ({ participantId, timeZone: 'Europe/Chisinau', country: 'MD' });
    await seedEvent(h.sut, tot, [seat(trained), seat(halfTrained)]);
    const registers = h.sut.nest.get(AttendanceRegisterRepository, { strict: false });
    for (const [index, session] of tot.sessions.entries())
      await registers.replace({
        _id: `${tot._id}/${session.sessionId}`,
        eventId: tot._id,
        sessionId: session.sessionId,
        entries: [
          { participantId: trained, status: 'present' },
          { participantId: halfTrained, status: index === 0 ? 'present' : 'absent' },
        ],
        recordedBy: 'organiser',
        recordedAt: new Date(),
      });
  });

  afterAll(() => h?.stop());

  const untrainedReason = (person: string) => `${person} was not trained at ${tot._id} (seat and attendance ≥ 0.75)`;

  it('creates an event whose trainers were trained there, and answers 422 naming each untrained trainer by session', async () => {
    const created = await h.call<Answer>('POST', '/events', organiser, body([[trained], []]), { 'Idempotency-Key': `ok-${run}` });
    expect(created.status).toBe(201);
    expect(created.body.cascadeFromEventId).toBe(tot._id);

    const refused = await h.call<Answer>('POST', '/events', organiser, body([[trained], [halfTrained, stranger]]), {
      'Idempotency-Key': `untrained-${run}`,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'sessions.1.trainerIds', reason: untrainedReason(halfTrained) },
      { field: 'sessions.1.trainerIds', reason: untrainedReason(stranger) },
    ]);
    const none = await h.call<Answer>('POST', '/events', organiser, body([[]]));
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([{ field: 'sessions', reason: `an event cascading from ${tot._id} needs its trainers` }]);
  });

  it('answers 422 naming cascadeFromEventId for an unknown event or one that is no training-of-trainers', async () => {
    const training = await h.call<Answer>('POST', '/events', organiser, body([[trained]]), { 'Idempotency-Key': `plain-${run}` });
    expect(training.status).toBe(201);
    for (const from of [training.body.eventId!, randomUUID()]) {
      const refused = await h.call<Answer>('POST', '/events', organiser, body([[trained]], from));
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'cascadeFromEventId', reason: `${from} is not a training-of-trainers` }]);
    }
  });

  it('checks a PUT the same way and leaves the event as it was when refused', async () => {
    const created = await h.call<Answer>('POST', '/events', organiser, body([[trained]]), { 'Idempotency-Key': `put-${run}` });
    const eventId = created.body.eventId!;
    const refused = await h.call<Answer>('PUT', `/events/${eventId}`, organiser, {
      ...body([[trained, halfTrained]]),
      revision: created.body.revision,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'sessions.0.trainerIds', reason: untrainedReason(halfTrained) }]);
    const after = await h.call<Answer>('GET', `/events/${eventId}`, organiser);
    expect(after.body.revision).toBe(created.body.revision);
    const accepted = await h.call<Answer>('PUT', `/events/${eventId}`, organiser, {
      ...body([[trained], [trained]]),
      revision: created.body.revision,
    });
    expect(accepted.status).toBe(200);
  });
});
