import { ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import { AttendanceRegisterRepository } from '../attendance/attendance-register.repository';
import {
  eventFixture,
  seedEvent,
  sessionsFixture,
  trainingModule,
  type AfterEventFixture,
  type SeatedParticipant,
} from '../testing/after-event.fixtures';
import type { CascadeReportView } from './cascade-report';
import { CascadeTrainerCheck } from './cascade-trainer.check';

const DAY = 24 * 3_600_000;

/** A training-of-trainers for focal points, one downstream training-of-trainers per mission, and their trainings. */
describe('training-of-trainers cascade', () => {
  const run = uniqueSuffix();
  let service: ServiceUnderTest;
  let organiser: string;
  const organisationId = `odihr-atu-${run}`;
  const [trained, halfTrained] = [`fp-md-${run}`, `fp-al-${run}`];
  const [police, prosecutor, socialWorker, lawyer] = ['police', 'prosecutor', 'social', 'lawyer'].map((p) => `${p}-${run}`);
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY);
  const moldova = { city: 'Chișinău', country: 'MD', timeZone: 'Europe/Chisinau' };
  const albania = { city: 'Tirana', country: 'AL', timeZone: 'Europe/Tirane' };

  const tot = eventFixture(run, {
    kind: 'training-of-trainers',
    organisationId,
    startsAt: at(60),
    endsAt: new Date(at(60).getTime() + 8 * 3_600_000),
    sessions: sessionsFixture(at(60), 2),
  });
  const mission = eventFixture(run, {
    kind: 'training-of-trainers',
    organisationId: `osce-md-${run}`,
    venue: moldova,
    startsAt: at(30),
    endsAt: new Date(at(30).getTime() + 8 * 3_600_000),
    sessions: sessionsFixture(at(30), 2, [trained]),
    cascadeFromEventId: tot._id,
  });
  const local = eventFixture(run, {
    kind: 'training',
    venue: moldova,
    startsAt: at(10),
    sessions: sessionsFixture(at(10), 1, [police]),
    cascadeFromEventId: mission._id,
  });
  const untrained = eventFixture(run, {
    kind: 'training',
    venue: albania,
    startsAt: at(20),
    sessions: sessionsFixture(at(20), 1, [halfTrained]),
    cascadeFromEventId: tot._id,
  });
  const cancelled = eventFixture(run, {
    kind: 'training',
    venue: albania,
    startsAt: at(15),
    state: 'cancelled',
    cascadeFromEventId: tot._id,
  });

  const keep = async (event: AfterEventFixture, present: Record<string, number>) => {
    const registers = service.nest.get(AttendanceRegisterRepository, { strict: false });
    for (const [index, session] of event.sessions.entries())
      await registers.replace({
        _id: `${event._id}/${session.sessionId}`,
        eventId: event._id,
        sessionId: session.sessionId,
        entries: Object.entries(present).map(([participantId, n]) => ({ participantId, status: index < n ? 'present' : 'absent' })),
        recordedBy: 'organiser',
        recordedAt: new Date(),
      });
  };
  const seat = (participantId: string, country: string, audiences: SeatedParticipant['audiences'] = []): SeatedParticipant => ({
    participantId,
    timeZone: 'Europe/Chisinau',
    country,
    audiences,
  });
  const report = (id: string, token = organiser) =>
    service.request<CascadeReportView>('GET', `/training-of-trainers/${id}/cascade`, { token });

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ name: 'training-events', port: 4315, module: trainingModule });
    organiser = await service.token(['training-organiser'], { subject: `organiser-${run}`, organisationId });
    await seedEvent(service, tot, [seat(trained, 'MD', ['osce-field-staff']), seat(halfTrained, 'AL', ['osce-field-staff'])]);
    await keep(tot, { [trained]: 2, [halfTrained]: 1 });
    await seedEvent(service, mission, [seat(police, 'MD', ['law-enforcement']), seat(prosecutor, 'MD', ['prosecutors', 'judiciary'])]);
    await keep(mission, { [police]: 2, [prosecutor]: 2 });
    await seedEvent(service, local, [seat(socialWorker, 'MD', ['social-workers']), seat(prosecutor, 'MD', ['prosecutors', 'judiciary'])]);
    await seedEvent(service, untrained, [seat(lawyer, 'AL')]);
    await seedEvent(service, cancelled, [seat(`nobody-${run}`, 'AL')]);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('reports the downstream events recursively and the distinct people reached by country and audience, counts only', async () => {
    const answer = await report(tot._id);
    expect(answer.status).toBe(200);
    expect(
      answer.body.downstreamEvents.map((e) => [
        e.eventId,
        e.depth,
        e.cascadeFromEventId,
        e.country,
        e.peopleReached,
        e.trainersTrainedThere,
      ]),
    ).toEqual([
      [mission._id, 1, tot._id, 'MD', 2, true],
      [untrained._id, 1, tot._id, 'AL', 1, false],
      [local._id, 2, mission._id, 'MD', 2, true],
    ]);
    expect(answer.body.peopleReached).toEqual({
      total: 4,
      byCountry: { MD: 3, AL: 1 },
      byAudience: { 'law-enforcement': 1, prosecutors: 1, judiciary: 1, 'social-workers': 1, unspecified: 1 },
    });
    const text = JSON.stringify(answer.body);
    for (const person of [trained, halfTrained, police, prosecutor, socialWorker, lawyer]) expect(text).not.toContain(person);
    expect((await report(mission._id, await service.token(['coordinator']))).body.downstreamEvents.map((e) => e.eventId)).toEqual([
      local._id,
    ]);
  });

  it('answers only for a training-of-trainers, to its organiser and coordinators', async () => {
    expect((await report(local._id)).status).toBe(404);
    expect((await report(`unknown-${run}`)).status).toBe(404);
    const elsewhere = await service.token(['training-organiser'], { subject: `other-${run}`, organisationId: `other-${run}` });
    expect((await report(tot._id, elsewhere)).status).toBe(404);
    expect((await report(tot._id, await service.token(['participant'], { subject: trained }))).status).toBe(403);
  });

  it('tells whether trainers were trained at the training-of-trainers: a seat there and attendance at its threshold', async () => {
    const check = service.nest.get(CascadeTrainerCheck, { strict: false });
    expect(await check.problems(tot._id, [trained])).toEqual([]);
    expect(await check.problems(tot._id, [trained, halfTrained, lawyer], 'sessions.0.trainerIds')).toEqual([
      { field: 'sessions.0.trainerIds', reason: `${halfTrained} was not trained at ${tot._id} (seat and attendance ≥ 0.75)` },
      { field: 'sessions.0.trainerIds', reason: `${lawyer} was not trained at ${tot._id} (seat and attendance ≥ 0.75)` },
    ]);
    expect(await check.problems(local._id, [police])).toEqual([
      { field: 'cascadeFromEventId', reason: `${local._id} is not a training-of-trainers` },
    ]);
  });
});
