import { TOPICS, type TrainingFeedbackRequested } from '@ctip/contracts';
import { expectEventually, ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import { eventFacts } from '../events/event-facts';
import { TrainingEventRepository } from '../events/training-event.repository';
import { confirmedPayload, eventFixture, producerOf, seedEvent, trainingModule, updateEvent } from '../testing/after-event.fixtures';
import type { FeedbackReport } from './feedback-report';
import { FeedbackRequestService } from './feedback-request.service';

const HOUR = 3_600_000;
const secondsFromNow = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);

/** The feedback request at the end, the survey answered once per participant, and the report without names. */
describe('training feedback', () => {
  const run = uniqueSuffix();
  let service: ServiceUnderTest;
  let organiser: string;
  const participants = [`ngo-dashoguz-${run}`, `ngo-lebap-${run}`, `ngo-mary-${run}`];
  const endsAt = secondsFromNow(5_000);
  const event = eventFixture(run, { startsAt: new Date(Date.now() - 6 * HOUR), endsAt });
  const called = eventFixture(run, { startsAt: new Date(Date.now() - 6 * HOUR), endsAt: new Date(endsAt.getTime() - 1_000) });

  const token = (participantId: string) => service.token(['participant'], { subject: participantId });
  const answer = async (participantId: string, body: Record<string, unknown>, key?: string) =>
    service.request('POST', `/events/${event._id}/feedback`, {
      token: await token(participantId),
      body,
      ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
    });
  const report = (as: string, eventId = event._id) =>
    service.request<FeedbackReport>('GET', `/events/${eventId}/feedback-report`, { token: as });
  const requests = (eventId: string) => service.eventsOf<TrainingFeedbackRequested>(TOPICS.trainingFeedbackRequested, eventId);

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      name: 'training-events',
      port: 4312,
      module: trainingModule,
      record: [TOPICS.trainingFeedbackRequested],
    });
    organiser = await service.token(['training-organiser'], { subject: `organiser-${run}`, organisationId: event.organisationId });
    const seated = participants.map((participantId) => ({ participantId, timeZone: 'Asia/Ashgabat' }));
    await seedEvent(service, event, seated);
    await seedEvent(service, called, seated.slice(0, 1));
    for (const participantId of participants)
      await producerOf(service).publish(TOPICS.trainingRegistrationConfirmed, confirmedPayload(event, participantId));
    await producerOf(service).publish(TOPICS.trainingRegistrationConfirmed, confirmedPayload(called, participants[0]));
  });

  afterAll(async () => {
    await service?.close();
  });

  it('refuses answers and the report before the end, with the end as `current`', async () => {
    const early = await answer(participants[0], { usefulness: 5, relevance: 5, organisation: 5 });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ current: { endsAt: endsAt.toISOString() } });
    expect((await report(organiser)).status).toBe(409);
  });

  it('asks the confirmed participants for feedback once at the end, and a cancelled event never', async () => {
    const stored = await updateEvent(service, called._id, { state: 'cancelled', cancelledAt: new Date() });
    await producerOf(service).publish(TOPICS.trainingEventCancelled, {
      ...eventFacts(stored),
      urgent: true,
      recipients: { personIds: [participants[0]] },
      at: new Date().toISOString(),
    });
    const [request] = await expectEventually(
      () => {
        const sent = requests(event._id);
        expect(sent).toHaveLength(1);
        return sent;
      },
      { timeoutMs: 25_000, intervalMs: 100 },
    );
    expect(request.data.recipients.personIds).toEqual(participants);
    expect(Date.parse(request.data.at)).toBeGreaterThanOrEqual(endsAt.getTime());
    // The cancelled event ended a second earlier: its request would have come first.
    expect(requests(called._id)).toEqual([]);
    expect(await service.nest.get(FeedbackRequestService, { strict: false }).request(event._id, 1)).toBe('already-sent');
    expect(requests(event._id)).toHaveLength(1);
  });

  it('takes one answer per participant, names the field of a bad answer and refuses people without a seat', async () => {
    await expectEventually(() => expect(Date.now()).toBeGreaterThan(endsAt.getTime()));
    const bad = await answer(participants[0], { usefulness: 6, relevance: 4, organisation: 4, extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['(body)', 'usefulness']);
    const first = await answer(participants[0], { usefulness: 5, relevance: 4, organisation: 3, comment: 'Role plays were the best part' });
    expect(first.status).toBe(201);
    const again = await answer(participants[0], { usefulness: 1, relevance: 1, organisation: 1 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ current: { answeredAt: first.body.answeredAt } });
    const keyed = await answer(participants[1], { usefulness: 4, relevance: 4, organisation: 5 }, `fb-${run}-0001`);
    expect(keyed.status).toBe(201);
    const retried = await answer(participants[1], { usefulness: 4, relevance: 4, organisation: 5 }, `fb-${run}-0001`);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(keyed.body);
    expect(
      (await answer(participants[2], { usefulness: 4, relevance: 2, organisation: 4, comment: 'Больше времени на практику' })).status,
    ).toBe(201);
    expect((await answer(`stranger-${run}`, { usefulness: 5, relevance: 5, organisation: 5 })).status).toBe(403);
  });

  it('reports counts, means, distributions and comments without names to the organiser and coordinators only', async () => {
    const seen = await report(organiser);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({
      eventId: event._id,
      responses: 3,
      withheld: false,
      participants: 3,
      usefulness: { mean: 4.33, distribution: { '1': 0, '2': 0, '3': 0, '4': 2, '5': 1 } },
      relevance: { mean: 3.33, distribution: { '1': 0, '2': 1, '3': 0, '4': 2, '5': 0 } },
      organisation: { mean: 4, distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 } },
      comments: ['Role plays were the best part', 'Больше времени на практику'],
    });
    for (const participantId of participants) expect(JSON.stringify(seen.body)).not.toContain(participantId);
    expect((await report(await service.token(['coordinator']))).status).toBe(200);
    expect((await report(await token(participants[0]))).status).toBe(403);
    const elsewhere = await service.token(['training-organiser'], { subject: `other-${run}`, organisationId: `other-org-${run}` });
    expect((await report(elsewhere)).status).toBe(404);
    expect((await report(organiser, called._id)).status).toBe(409);
  });

  it('asks a participant confirmed after the end once, on their own, and nobody twice on a redelivered confirmation', async () => {
    const [first, late, later] = [`early-${run}`, `late-${run}`, `later-${run}`];
    const ended = eventFixture(run, { startsAt: new Date(Date.now() - 30 * HOUR), endsAt: new Date(Date.now() - HOUR) });
    await seedEvent(service, ended, [{ participantId: first, timeZone: 'Asia/Ashgabat' }]);
    const recipientsOf = () => requests(ended._id).map((r) => r.data.recipients.personIds);
    // The first confirmation arrives after the end: the event's request goes out then, to everyone seated.
    await producerOf(service).publish(TOPICS.trainingRegistrationConfirmed, confirmedPayload(ended, first));
    await expectEventually(() => expect(recipientsOf()).toEqual([[first]]), { timeoutMs: 25_000, intervalMs: 100 });

    const seat = async (participantId: string) => {
      const current = (await service.nest.get(TrainingEventRepository, { strict: false }).findById(ended._id))!;
      const stored = await updateEvent(service, ended._id, {
        seats: { ...current.seats, confirmed: [...current.seats.confirmed, participantId] },
      });
      await producerOf(service).publish(TOPICS.trainingRegistrationConfirmed, confirmedPayload(stored, participantId));
    };
    await seat(late);
    await expectEventually(() => expect(recipientsOf()).toEqual([[first], [late]]), { timeoutMs: 25_000, intervalMs: 100 });

    // Redelivered confirmations, then a new one on the same partition (keyed by event): once its request is
    // there, the redeliveries were handled before it.
    await producerOf(service).publish(TOPICS.trainingRegistrationConfirmed, confirmedPayload(ended, first));
    await producerOf(service).publish(TOPICS.trainingRegistrationConfirmed, confirmedPayload(ended, late));
    await seat(later);
    await expectEventually(() => expect(recipientsOf()).toHaveLength(3), { timeoutMs: 25_000, intervalMs: 100 });
    expect(recipientsOf()).toEqual([[first], [late], [later]]);
    const feedback = service.nest.get(FeedbackRequestService, { strict: false });
    expect(await feedback.requestLate(ended._id, [first, late, later, `stranger-${run}`])).toEqual([
      'already-sent',
      'already-sent',
      'already-sent',
      'stale',
    ]);
    expect(requests(ended._id)).toHaveLength(3);
  });
});
