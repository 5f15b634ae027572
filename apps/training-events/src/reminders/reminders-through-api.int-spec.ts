import { TOPICS, type TrainingFeedbackRequested } from '@ctip/contracts';
import { JobQueues } from '@ctip/scheduling';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { DateTime } from 'luxon';
import { feedbackRequestJob, feedbackRequestJobId } from '../feedback/feedback-request.jobs';
import { TrainingHarness, trainingBody, type Answer } from '../testing/training.fixtures';
import { reminderJobId, trainingReminderJob } from './reminder.jobs';

/**
 * The reminders wired to the events and participants modules: an event created, people invited and
 * accepting through the API get their default reminders (7 and 1 days before, 09:00 on their own clock)
 * and the feedback request at the end; a time change moves them to the new version, a cancellation
 * removes them.
 */
describe('training reminders through the API', () => {
  const run = uniqueSuffix();
  const org = `iom-tm-${run}`;
  const [ashgabat, vienna] = [`ngo-rep-${run}`, `odihr-${run}`];
  let h: TrainingHarness;
  let organiser: string;

  const job = async (id: string, queue = trainingReminderJob.queue) => h.sut.nest.get(JobQueues, { strict: false }).queue(queue).getJob(id);
  const dueAt = async (id: string) => {
    const found = await job(id);
    // To the second: the delay is measured when the job is added.
    return found && (await found.isDelayed())
      ? new Date(Math.round((found.timestamp + found.delay) / 1000) * 1000).toISOString()
      : undefined;
  };
  /** 09:00 on the participant's clock, `days` before the start date as they count it. */
  const nineOClock = (startsAt: string, zone: string, days: number) =>
    DateTime.fromISO(startsAt, { zone }).startOf('day').minus({ days }).set({ hour: 9 }).toUTC().toISO();
  const jobsOf = (eventId: string, version: number) =>
    [ashgabat, vienna].flatMap((p) => ['d7-0900', 'd1-0900'].map((r) => reminderJobId(eventId, p, version, r)));

  beforeAll(async () => {
    h = await TrainingHarness.start(4317, [TOPICS.trainingRegistrationConfirmed, TOPICS.trainingFeedbackRequested]);
    await h.organisation(org, 'TM');
    await h.person(ashgabat, org, { timeZone: 'Asia/Ashgabat' });
    await h.person(vienna, org, { timeZone: 'Europe/Vienna' });
    await h.directoryHas([ashgabat, vienna], [org]);
    organiser = await h.sut.token(['training-organiser'], { subject: `organiser-${run}`, organisationId: org });
  });

  afterAll(() => h?.stop());

  it('plans, moves and removes the default reminders and the feedback request as the event changes', async () => {
    const body = trainingBody({ startsInDays: 30 });
    const created = await h.call('POST', '/events', organiser, body, { 'Idempotency-Key': `event-${run}` });
    expect(created.status).toBe(201);
    const eventId = created.body.eventId!;
    expect((await h.call('POST', `/events/${eventId}/invitations`, organiser, { personIds: [ashgabat, vienna] })).status).toBe(201);
    for (const person of [ashgabat, vienna]) {
      const token = await h.sut.token(['participant'], { subject: person });
      expect((await h.call('POST', `/events/${eventId}/registrations/${person}/acceptance`, token)).status).toBe(200);
    }

    await expectEventually(async () => {
      expect(await dueAt(reminderJobId(eventId, ashgabat, 1, 'd7-0900'))).toBe(nineOClock(body.startsAt, 'Asia/Ashgabat', 7));
      expect(await dueAt(reminderJobId(eventId, ashgabat, 1, 'd1-0900'))).toBe(nineOClock(body.startsAt, 'Asia/Ashgabat', 1));
      expect(await dueAt(reminderJobId(eventId, vienna, 1, 'd7-0900'))).toBe(nineOClock(body.startsAt, 'Europe/Vienna', 7));
      expect(await dueAt(reminderJobId(eventId, vienna, 1, 'd1-0900'))).toBe(nineOClock(body.startsAt, 'Europe/Vienna', 1));
      const feedback = await job(feedbackRequestJobId(eventId, 1), feedbackRequestJob.queue);
      expect(Math.abs(feedback!.timestamp + feedback!.delay - Date.parse(body.endsAt))).toBeLessThan(1_000);
    });

    const later = (iso: string) => new Date(Date.parse(iso) + 2 * 24 * 3600_000).toISOString();
    const current = (await h.call<Answer>('GET', `/events/${eventId}`, organiser)).body;
    const moved = await h.call('PUT', `/events/${eventId}`, organiser, {
      ...body,
      startsAt: later(body.startsAt),
      endsAt: later(body.endsAt),
      sessions: body.sessions.map((s) => {
        const session = s as { startsAt: string; endsAt: string };
        return { ...session, startsAt: later(session.startsAt), endsAt: later(session.endsAt) };
      }),
      revision: current.revision,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    await expectEventually(async () => {
      for (const id of jobsOf(eventId, 1)) expect(await job(id)).toBeUndefined();
      expect(await dueAt(reminderJobId(eventId, vienna, 2, 'd1-0900'))).toBe(nineOClock(later(body.startsAt), 'Europe/Vienna', 1));
      expect(await job(feedbackRequestJobId(eventId, 1), feedbackRequestJob.queue)).toBeUndefined();
      expect(await job(feedbackRequestJobId(eventId, 2), feedbackRequestJob.queue)).toBeDefined();
    });

    expect((await h.call('POST', `/events/${eventId}/cancellation`, organiser)).status).toBe(200);
    await expectEventually(async () => {
      for (const id of jobsOf(eventId, 2)) expect(await job(id)).toBeUndefined();
      expect(await job(feedbackRequestJobId(eventId, 2), feedbackRequestJob.queue)).toBeUndefined();
    });
  });

  it('takes the reminder rules and attendance threshold from the event and replans when only the rules change', async () => {
    const body = { ...trainingBody({ startsInDays: 40 }), attendanceThreshold: 0.8 };
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ daysBefore: i + 1, at: '09:00' }));
    const many = await h.call<Answer>('POST', '/events', organiser, { ...body, reminders: tooMany });
    expect(many.status).toBe(400);
    expect(JSON.stringify(many.body)).toContain('reminders');
    const twice = await h.call<Answer>('POST', '/events', organiser, {
      ...body,
      reminders: [
        { daysBefore: 2, at: '09:00' },
        { daysBefore: 2, at: '09:00:00' },
      ],
    });
    expect(twice.status).toBe(422);
    expect(JSON.stringify(twice.body)).toContain('lists a reminder twice');
    expect((await h.call('POST', '/events', organiser, { ...body, attendanceThreshold: 1.5 })).status).toBe(400);

    const created = await h.call<Answer>('POST', '/events', organiser, body, { 'Idempotency-Key': `rules-${run}` });
    expect(created.status).toBe(201);
    expect(created.body.reminders).toEqual([
      { daysBefore: 7, at: '09:00' },
      { daysBefore: 1, at: '09:00' },
    ]);
    expect(created.body.attendanceThreshold).toBe(0.8);
    const eventId = created.body.eventId!;
    expect((await h.call('POST', `/events/${eventId}/invitations`, organiser, { personIds: [vienna] })).status).toBe(201);
    const token = await h.sut.token(['participant'], { subject: vienna });
    expect((await h.call('POST', `/events/${eventId}/registrations/${vienna}/acceptance`, token)).status).toBe(200);
    await expectEventually(async () => expect(await job(reminderJobId(eventId, vienna, 1, 'd7-0900'))).toBeDefined());

    const current = (await h.call<Answer>('GET', `/events/${eventId}`, organiser)).body;
    const changed = await h.call<Answer>('PUT', `/events/${eventId}`, organiser, {
      ...body,
      reminders: [{ daysBefore: 3, at: '10:30' }],
      revision: current.revision,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(1);
    expect(changed.body.reminders).toEqual([{ daysBefore: 3, at: '10:30' }]);
    const tenThirty = DateTime.fromISO(body.startsAt, { zone: 'Europe/Vienna' })
      .startOf('day')
      .minus({ days: 3 })
      .set({ hour: 10, minute: 30 })
      .toUTC()
      .toISO();
    await expectEventually(async () => {
      expect(await job(reminderJobId(eventId, vienna, 1, 'd7-0900'))).toBeUndefined();
      expect(await job(reminderJobId(eventId, vienna, 1, 'd1-0900'))).toBeUndefined();
      expect(await dueAt(reminderJobId(eventId, vienna, 1, 'd3-1030'))).toBe(tenThirty);
    });
  });

  it('removes a participant’s pending reminder jobs when they withdraw, and keeps the others’', async () => {
    const created = await h.call<Answer>('POST', '/events', organiser, trainingBody({ startsInDays: 50 }), {
      'Idempotency-Key': `withdrawal-${run}`,
    });
    const eventId = created.body.eventId!;
    expect((await h.call('POST', `/events/${eventId}/invitations`, organiser, { personIds: [ashgabat, vienna] })).status).toBe(201);
    for (const person of [ashgabat, vienna]) {
      const token = await h.sut.token(['participant'], { subject: person });
      expect((await h.call('POST', `/events/${eventId}/registrations/${person}/acceptance`, token)).status).toBe(200);
    }
    await expectEventually(async () => {
      for (const id of jobsOf(eventId, 1)) expect(await dueAt(id)).toBeDefined();
    });

    const token = await h.sut.token(['participant'], { subject: vienna });
    const withdrawn = await h.call<Answer>('POST', `/events/${eventId}/registrations/${vienna}/withdrawal`, token);
    expect(withdrawn.status).toBe(200);
    for (const rule of ['d7-0900', 'd1-0900']) {
      expect(await job(reminderJobId(eventId, vienna, 1, rule))).toBeUndefined();
      expect(await dueAt(reminderJobId(eventId, ashgabat, 1, rule))).toBeDefined();
    }
  });

  it('asks each participant who accepts after the end (a late registration) for feedback, once each', async () => {
    const created = await h.call<Answer>('POST', '/events', organiser, trainingBody({ startsInDays: -5 }), {
      'Idempotency-Key': `ended-${run}`,
    });
    expect(created.status).toBe(201);
    const eventId = created.body.eventId!;
    expect((await h.call('POST', `/events/${eventId}/invitations`, organiser, { personIds: [ashgabat, vienna] })).status).toBe(201);
    const requested = () =>
      h.sut.eventsOf<TrainingFeedbackRequested>(TOPICS.trainingFeedbackRequested, eventId).flatMap((e) => e.data.recipients.personIds);
    for (const [i, person] of [ashgabat, vienna].entries()) {
      const token = await h.sut.token(['participant'], { subject: person });
      expect((await h.call('POST', `/events/${eventId}/registrations/${person}/acceptance`, token)).status).toBe(200);
      await expectEventually(() => expect(requested()).toEqual([ashgabat, vienna].slice(0, i + 1)), { timeoutMs: 25_000 });
    }
  });
});
