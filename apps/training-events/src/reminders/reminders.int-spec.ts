import { TOPICS, type TrainingReminderDue } from '@ctip/contracts';
import { JobQueues } from '@ctip/scheduling';
import { expectEventually, ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import { DateTime } from 'luxon';
import { eventFacts } from '../events/event-facts';
import { confirmedPayload, eventFixture, producerOf, seedEvent, trainingModule, updateEvent } from '../testing/after-event.fixtures';
import { ReminderDispatchService } from './reminder-dispatch.service';
import { reminderIdOf, type ReminderRule } from './reminder-rule';
import { reminderJobId, trainingReminderJob } from './reminder.jobs';

const HOUR = 3_600_000;

/** The rule that fires at `at` for a participant in `zone`, for an event starting at `startsAt`. */
function ruleFiringAt(at: Date, zone: string, startsAt: Date): ReminderRule {
  const local = DateTime.fromJSDate(at, { zone });
  const startDay = DateTime.fromJSDate(startsAt, { zone }).startOf('day');
  return { daysBefore: Math.round(startDay.diff(local.startOf('day'), 'days').days), at: local.toFormat('HH:mm:ss') };
}

/** A whole second at least `ms` from now (rules have second precision). */
const secondsFromNow = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);

/** Reminders on the real servers with rules a few seconds ahead, as the participant's clock reads them. */
describe('training reminders', () => {
  const run = uniqueSuffix();
  let service: ServiceUnderTest;

  const reminders = (eventId: string) => service.eventsOf<TrainingReminderDue>(TOPICS.trainingReminderDue, eventId).map((e) => e.data);
  const job = (id: string) => service.nest.get(JobQueues, { strict: false }).queue(trainingReminderJob.queue).getJob(id);
  const confirm = (event: Parameters<typeof confirmedPayload>[0], participantId: string) =>
    producerOf(service).publish(TOPICS.trainingRegistrationConfirmed, confirmedPayload(event, participantId));

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      name: 'training-events',
      port: 4311,
      module: trainingModule,
      record: [TOPICS.trainingReminderDue],
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('reminds participants in Ashgabat and Vienna each at the local time of the rule in their own time zone, once', async () => {
    // Noon UTC: the same calendar day in both zones, so a rule's day is the same date on both clocks.
    const startsAt = DateTime.utc().plus({ days: 3 }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    const inAshgabat = secondsFromNow(5_000);
    const inVienna = secondsFromNow(8_000);
    const ashgabatRule = ruleFiringAt(inAshgabat, 'Asia/Ashgabat', startsAt);
    const viennaRule = ruleFiringAt(inVienna, 'Europe/Vienna', startsAt);
    const event = eventFixture(run, { startsAt, reminders: [ashgabatRule, viennaRule] });
    const [ashgabat, vienna] = [`fp-tm-${run}`, `odihr-${run}`];
    await seedEvent(service, event, [
      { participantId: ashgabat, timeZone: 'Asia/Ashgabat' },
      { participantId: vienna, timeZone: 'Europe/Vienna' },
    ]);
    await confirm(event, ashgabat);
    await confirm(event, vienna);

    const [toAshgabat, toVienna] = await expectEventually(
      () => {
        const sent = reminders(event._id);
        const a = sent.find((r) => r.recipients.personIds[0] === ashgabat);
        const v = sent.find((r) => r.recipients.personIds[0] === vienna);
        expect(a && v).toBeTruthy();
        return [a!, v!];
      },
      { timeoutMs: 25_000, intervalMs: 100 },
    );
    expect(toAshgabat).toMatchObject({ reminderId: reminderIdOf(ashgabatRule), daysBefore: ashgabatRule.daysBefore, version: 1 });
    expect(toVienna).toMatchObject({ reminderId: reminderIdOf(viennaRule), daysBefore: viennaRule.daysBefore, version: 1 });
    for (const [reminder, due] of [
      [toAshgabat, inAshgabat],
      [toVienna, inVienna],
    ] as const) {
      expect(Date.parse(reminder.at)).toBeGreaterThanOrEqual(due.getTime());
      expect(Date.parse(reminder.at)).toBeLessThan(due.getTime() + 3_000);
    }
    // Each at the rule's time on their own clock: the same instant reads differently in the two zones.
    expect(DateTime.fromISO(toAshgabat.at, { zone: 'Asia/Ashgabat' }).toFormat('HH:mm:ss') >= ashgabatRule.at).toBe(true);
    expect(DateTime.fromISO(toVienna.at, { zone: 'Europe/Vienna' }).toFormat('HH:mm:ss') >= viennaRule.at).toBe(true);

    // The Ashgabat rule's time comes four hours later on Vienna's clock (UTC+1 against UTC+5); the Vienna rule's passed in Ashgabat.
    const pending = await job(reminderJobId(event._id, vienna, 1, reminderIdOf(ashgabatRule)));
    expect(pending!.timestamp + pending!.delay - (inAshgabat.getTime() + 4 * HOUR)).toBeLessThan(1_000);
    expect(await pending!.isDelayed()).toBe(true);
    expect(await job(reminderJobId(event._id, ashgabat, 1, reminderIdOf(viennaRule)))).toBeUndefined();

    // Exactly once: the job run again (another instance, a retry after the write) sends nothing more.
    const dispatch = service.nest.get(ReminderDispatchService, { strict: false });
    const due = {
      eventId: event._id,
      participantId: ashgabat,
      version: 1,
      reminderId: reminderIdOf(ashgabatRule),
      daysBefore: ashgabatRule.daysBefore,
    };
    expect(await Promise.all([dispatch.remind(due), dispatch.remind(due)])).toEqual(['already-sent', 'already-sent']);
    expect(reminders(event._id)).toHaveLength(2);
  });

  it('sends each reminder once with two instances handling repeated confirmations and running the jobs', async () => {
    const second = await ServiceUnderTest.start({
      name: 'training-events',
      port: 4316,
      module: trainingModule,
      namespace: service.namespace,
    });
    try {
      const startsAt = new Date(Date.now() + 72 * HOUR);
      const due = secondsFromNow(5_000);
      const event = eventFixture(run, { startsAt, reminders: [ruleFiringAt(due, 'Europe/Vienna', startsAt)] });
      const people = Array.from({ length: 10 }, (_, i) => `focal-${i}-${run}`);
      await seedEvent(
        service,
        event,
        people.map((participantId) => ({ participantId, timeZone: 'Europe/Vienna' })),
      );
      // Each confirmation published twice (a producer retry, a replayed outbox entry): two event ids, either instance.
      for (const participantId of people) {
        await confirm(event, participantId);
        await producerOf(second).publish(TOPICS.trainingRegistrationConfirmed, confirmedPayload(event, participantId));
      }
      await expectEventually(() => expect(new Set(reminders(event._id).map((r) => r.recipients.personIds[0]))).toEqual(new Set(people)), {
        timeoutMs: 25_000,
        intervalMs: 100,
      });
      expect(reminders(event._id)).toHaveLength(people.length);
    } finally {
      await second.close();
    }
  });

  it('reschedules on a time change: the new version’s reminder fires and the old one never publishes', async () => {
    const before = new Date(Date.now() + 72 * HOUR);
    const after = new Date(before.getTime() + 24 * HOUR);
    const oldDue = secondsFromNow(6_000);
    const newDue = secondsFromNow(10_000);
    // Under the old start only `oldRule` is ahead; one day later only `newRule` falls due soon.
    const oldRule = ruleFiringAt(oldDue, 'Europe/Vienna', before);
    const newRule = ruleFiringAt(newDue, 'Europe/Vienna', after);
    const event = eventFixture(run, { startsAt: before, endsAt: new Date(before.getTime() + 8 * HOUR), reminders: [oldRule, newRule] });
    const participant = `fp-at-${run}`;
    await seedEvent(service, event, [{ participantId: participant, timeZone: 'Europe/Vienna' }]);
    await confirm(event, participant);
    const oldJobId = reminderJobId(event._id, participant, 1, reminderIdOf(oldRule));
    await expectEventually(async () => expect(await job(oldJobId)).toBeDefined());

    const changed = await updateEvent(service, event._id, { version: 2, startsAt: after, endsAt: new Date(after.getTime() + 8 * HOUR) });
    await producerOf(service).publish(TOPICS.trainingEventChanged, {
      ...eventFacts(changed),
      changes: ['time'],
      previous: { startsAt: before.toISOString(), endsAt: new Date(before.getTime() + 8 * HOUR).toISOString() },
      recipients: { personIds: [participant] },
      at: new Date().toISOString(),
    });

    const [reminder] = await expectEventually(
      () => {
        const sent = reminders(event._id);
        expect(sent.some((r) => r.version === 2)).toBe(true);
        return sent;
      },
      { timeoutMs: 25_000, intervalMs: 100 },
    );
    // The new reminder came after the old one's moment: had the old one fired, it would be here first.
    expect(reminders(event._id)).toHaveLength(1);
    expect(reminder).toMatchObject({ version: 2, reminderId: reminderIdOf(newRule), calendar: { sequence: 1 } });
    expect(Date.parse(reminder.at)).toBeGreaterThanOrEqual(newDue.getTime());
    const old = await job(oldJobId);
    expect(old === undefined || old.returnvalue === 'stale').toBe(true);
    expect(await (await job(reminderJobId(event._id, participant, 2, reminderIdOf(oldRule))))!.isDelayed()).toBe(true);
  });

  it('sends nothing after a cancellation or to a participant who gave up the seat', async () => {
    const startsAt = new Date(Date.now() + 72 * HOUR);
    const due = secondsFromNow(5_000);
    const sentinelDue = secondsFromNow(7_000);
    const cancelled = eventFixture(run, { startsAt, reminders: [ruleFiringAt(due, 'Asia/Ashgabat', startsAt)] });
    const goingAhead = eventFixture(run, {
      startsAt,
      reminders: [ruleFiringAt(due, 'Asia/Ashgabat', startsAt), ruleFiringAt(sentinelDue, 'Europe/Vienna', startsAt)],
    });
    const [attendee, withdrawn, stays] = [`ngo-1-${run}`, `ngo-2-${run}`, `ngo-3-${run}`];
    await seedEvent(service, cancelled, [{ participantId: attendee, timeZone: 'Asia/Ashgabat' }]);
    await seedEvent(service, goingAhead, [
      { participantId: withdrawn, timeZone: 'Asia/Ashgabat' },
      { participantId: stays, timeZone: 'Europe/Vienna' },
    ]);
    await Promise.all([confirm(cancelled, attendee), confirm(goingAhead, withdrawn), confirm(goingAhead, stays)]);
    const cancelledJob = reminderJobId(cancelled._id, attendee, 1, reminderIdOf(cancelled.reminders![0]));
    const withdrawnJob = reminderJobId(goingAhead._id, withdrawn, 1, reminderIdOf(goingAhead.reminders![0]));
    await expectEventually(async () => {
      expect(await job(cancelledJob)).toBeDefined();
      expect(await job(withdrawnJob)).toBeDefined();
    });

    const stored = await updateEvent(service, cancelled._id, { state: 'cancelled', cancelledAt: new Date() });
    await producerOf(service).publish(TOPICS.trainingEventCancelled, {
      ...eventFacts(stored),
      urgent: false,
      recipients: { personIds: [attendee] },
      at: new Date().toISOString(),
    });
    // The withdrawal is a write of the seat ledger: the pending job finds the seat gone when it runs.
    await updateEvent(service, goingAhead._id, { 'seats.confirmed': [stays] });
    await expectEventually(async () => expect(await job(cancelledJob)).toBeUndefined());

    await expectEventually(() => expect(reminders(goingAhead._id).map((r) => r.recipients.personIds[0])).toEqual([stays]), {
      timeoutMs: 25_000,
      intervalMs: 100,
    });
    expect((await job(withdrawnJob))!.returnvalue).toBe('stale');
    expect(reminders(cancelled._id)).toEqual([]);
  });
});
