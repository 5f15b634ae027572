import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken, type Role } from '@ctip/auth';
import { CATALOGUE, deadLetterTopicOf, TOPICS } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import { createRedis, jobId } from '@ctip/scheduling';
import {
  expectEventually,
  HttpSink,
  ServiceProcess,
  serviceEnv,
  SmtpSink,
  testKafka,
  TopicRecorder,
  uniqueSuffix,
  deleteNamespaceTopics,
  type ReceivedMail,
} from '@ctip/testing';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { mongo } from 'mongoose';
import ical, { type VEvent } from 'node-ical';

const PORTS = { directory: 4501, 'training-events': 4502, notifications: 4503 } as const;
type App = keyof typeof PORTS;
const PEOPLE = 52;
/** The first few accept their invitation, so they hold seats and get reminders planned. */
const ACCEPTING = 5;
const TIME_ZONE = 'Europe/Vienna';
/** The training-events service's reminder queue (apps/training-events/src/reminders/reminder.jobs.ts). */
const REMINDER_QUEUE = 'training-reminders';
/** The default rules (7 and 1 days before, 09:00 on the participant's clock): the event sets none. */
const DEFAULT_REMINDERS = [
  { reminderId: 'd7-0900', daysBefore: 7 },
  { reminderId: 'd1-0900', daysBefore: 1 },
];
const DAY = 24 * 3600_000;

function calendarOf(mail: ReceivedMail): { method: string; event: VEvent; raw: string } {
  expect(mail.calendar).toBeDefined();
  const raw = mail.calendar!;
  const events = Object.values(ical.sync.parseICS(raw)).filter((c): c is VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return { method: /^METHOD:(\w+)\r?$/m.exec(raw)?.[1] ?? '', event: events[0], raw };
}

/** 09:00 on the Vienna clock, `days` before the start date as Vienna counts it. */
const nineOClock = (startsAt: string, days: number) =>
  DateTime.fromISO(startsAt, { zone: TIME_ZONE }).startOf('day').minus({ days }).set({ hour: 9 }).toMillis();

/**
 * A training from invitation to cancellation through the services themselves: directory, training-events
 * and notifications as their own processes from dist, on the real Kafka, database and Redis, email at a real
 * SMTP server, SMS at a test gateway. Everything goes through the HTTP APIs with development tokens: the
 * directory gets 52 prosecutors with email, an organiser creates the event and invites by audience and an
 * external prosecutor by email, some accept, the time changes, the event is cancelled. The event sets no
 * reminder rules (main has no `reminders` field yet), so the defaults are days away: their rescheduling is
 * proven on the BullMQ jobs themselves.
 */
describe('training lifecycle through the training-events service, end to end', () => {
  const run = uniqueSuffix(8);
  const ns = `tl-e2e-${run}`;
  const smtp = new SmtpSink();
  const sms = new HttpSink();
  const kafka = testKafka();
  const processes = new Map<App, ServiceProcess>();
  const issuer = 'http://localhost/ctip-tl-e2e';
  const audience = 'ctip-api';
  const org = `prosecutors-office-${run}`;
  let keys: Awaited<ReturnType<typeof ensureDevKeys>>;
  let client: mongo.MongoClient;
  let reminders: Queue;
  let redis: ReturnType<typeof createRedis> | undefined;
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    personId: `tl-${run}-${i + 1}`,
    email: `tl-${run}-${i + 1}@prosecutors.example.org`,
    phone: i < 2 ? `+4366400${String(i + 1).padStart(4, '0')}` : undefined,
  }));
  const accepting = people.slice(0, ACCEPTING);
  const external = {
    displayName: `Гульнара Атаева ${run}`,
    organisation: 'Prosecutor General of Turkmenistan',
    role: 'prosecutor',
    language: 'ru',
    timeZone: 'Asia/Ashgabat',
    email: `g.ataeva.${run}@prosecutor.example.tm`,
    country: 'TM',
    audiences: ['prosecutors'],
  };

  const token = (subject: string, roles: Role[], organisationId?: string) =>
    mintDevToken({ ...keys, issuer, audience, subject, roles, ...(organisationId ? { organisationId } : {}) });

  async function call(app: App, method: string, path: string, auth: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`http://127.0.0.1:${PORTS[app]}${path}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
  }

  const db = (service: string) => client.db(`ctip_${ns.replace(/-/g, '_')}_${service.replace(/-/g, '_')}`);
  const mailsTo = (address: string, subject?: string) =>
    smtp.to(address).filter((m) => subject === undefined || m.subject.startsWith(subject));
  /** The mails to an address whose calendar part has this METHOD and SEQUENCE (without parsing assertions). */
  const withCalendar = (address: string, method: string, sequence?: number) =>
    smtp
      .to(address)
      .filter(
        (m) =>
          m.calendar !== undefined &&
          new RegExp(`^METHOD:${method}\\r?$`, 'm').test(m.calendar) &&
          (sequence === undefined || new RegExp(`^SEQUENCE:${sequence}\\r?$`, 'm').test(m.calendar)),
      );
  const addresses = () => [...people.map((p) => p.email), external.email];
  const reminderJob = (eventId: string, personId: string, version: number, reminderId: string) =>
    reminders.getJob(jobId('reminder', eventId, personId, `v${version}`, reminderId));
  /** When a delayed job is due (ms, rounded to the second: the delay is measured when it is added). */
  const dueAt = async (eventId: string, personId: string, version: number, reminderId: string) => {
    const job = await reminderJob(eventId, personId, version, reminderId);
    return job && (await job.isDelayed()) ? Math.round((job.timestamp + job.delay) / 1000) * 1000 : undefined;
  };

  /** A two-day training in Vienna starting in ten days, with one session on its first morning. */
  function content(startsAt: number) {
    return {
      kind: 'training',
      title: { en: `Prosecuting trafficking cases ${run}`, ru: `Уголовное преследование торговли людьми ${run}` },
      venue: { name: 'Hofburg', city: 'Vienna', country: 'AT', timeZone: TIME_ZONE },
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + DAY + 8 * 3600_000).toISOString(),
      workingLanguages: ['en', 'ru'],
      interpretation: [{ from: 'en', to: 'ru' }],
      sessions: [
        {
          sessionId: 'opening',
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + 2 * 3600_000).toISOString(),
          title: { en: 'Opening', ru: 'Открытие' },
          room: 'Redoutensaal',
          trainerIds: [],
        },
      ],
      materials: [{ title: 'Handbook', url: 'https://example.org/handbook.pdf' }],
      audiences: ['prosecutors'],
      capacity: 100,
    };
  }

  beforeAll(async () => {
    keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-tl-e2e-keys-')));
    await Promise.all([smtp.start(), sms.start()]);
    const env = {
      ...serviceEnv({ namespace: ns, issuer, audience, jwksFile: keys.jwksFile }),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: 'CTIP Notices <notices@ctip.test>',
      SMS_GATEWAY_URL: sms.url('/sms'),
      APP_BASE_URL: 'https://console.ctip.test',
      CALENDAR_ORGANIZER: 'CTIP Training Events <events@ctip.test>',
      RATE_LIMIT_EMAIL_PER_SECOND: '500',
      RATE_LIMIT_INAPP_PER_SECOND: '1000',
      DELIVERY_CONCURRENCY: '10',
      OUTBOX_SWEEP_INTERVAL_MS: '250',
    };
    const start = async (app: App) => {
      const proc = new ServiceProcess(`${ns}-${app}`, `apps/${app}/src/main.js`, { ...env, PORT: String(PORTS[app]) }).start();
      processes.set(app, proc);
      await expectEventually(
        async () => {
          expect(proc.running).toBe(true);
          expect((await fetch(`http://127.0.0.1:${PORTS[app]}/health/ready`)).status).toBe(200);
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    };
    // The directory first: it creates the namespace's topics, which two services creating at once can trip over.
    await start('directory');
    await Promise.all([start('training-events'), start('notifications')]);
    client = await new mongo.MongoClient(process.env.MONGO_URL!).connect();
    redis = createRedis(process.env.REDIS_URL!, 'client');
    reminders = new Queue(REMINDER_QUEUE, {
      connection: redis,
      prefix: `ctip-${ns}-training-events`,
    });

    // The prosecutors' office and its people, their email (two a phone too) confirmed, through the directory API.
    const admin = await token('tl-e2e-admin', ['admin']);
    const organisation = await call('directory', 'POST', '/organisations', admin, {
      organisationId: org,
      kind: 'partner',
      partnerType: 'international-organisation',
      name: `Prosecutors' training office ${run}`,
      country: 'AT',
      languages: ['en'],
      timeZone: TIME_ZONE,
    });
    expect(organisation.status).toBe(201);
    await inBatches(people, 10, async (p) => {
      const contactPoints = [
        { contactPointId: 'email', channel: 'email', address: p.email, priority: 1 },
        ...(p.phone ? [{ contactPointId: 'sms', channel: 'sms', address: p.phone, priority: 0 }] : []),
      ];
      const created = await call('directory', 'POST', '/people', admin, {
        personId: p.personId,
        organisationId: org,
        displayName: `Prosecutor ${p.personId}`,
        roles: ['participant'],
        audiences: ['prosecutors'],
        languages: ['en'],
        timeZone: TIME_ZONE,
        contactPoints,
      });
      expect(created.status).toBe(201);
      for (const point of contactPoints) {
        const verified = await call(
          'directory',
          'POST',
          `/people/${p.personId}/contact-points/${point.contactPointId}/verification`,
          admin,
        );
        expect(verified.status).toBe(200);
      }
    });
    // Both services build their own copy of the directory from its events.
    const ids = people.map((p) => p.personId) as never[];
    await expectEventually(
      async () => {
        expect(
          await db('training-events')
            .collection('directory_people')
            .countDocuments({ _id: { $in: ids } }),
        ).toBe(PEOPLE);
        expect(
          await db('training-events')
            .collection('directory_organisations')
            .countDocuments({ _id: org as never }),
        ).toBe(1);
        const withEmail = await db('notifications')
          .collection('recipients')
          .countDocuments({ _id: { $in: ids }, 'contactPoints.channel': 'email' });
        expect(withEmail).toBe(PEOPLE);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  }, 150_000);

  afterAll(async () => {
    await reminders?.close();
    redis?.disconnect();
    await client?.close();
    await Promise.all([...processes.values()].map((p) => p.stop('SIGTERM', 15_000)));
    await Promise.all([smtp.stop(), sms.stop()]);
    await deleteNamespaceTopics(ns);
  });

  it('invites 52 prosecutors by audience and an outsider, moves the time and cancels: each notice once with its calendar entry, reminders follow', async () => {
    const organiser = await token(`organiser-${run}`, ['training-organiser'], org);
    const startsAt = Math.floor((Date.now() + 10 * DAY) / DAY) * DAY + 8 * 3600_000;
    const created = await call('training-events', 'POST', '/events', organiser, content(startsAt), { 'Idempotency-Key': `event-${run}` });
    expect(created.status).toBe(201);
    const eventId = created.body.eventId as string;
    const uid = `${eventId}@training.ctip`;
    expect(created.body.calendar).toEqual({ uid, sequence: 0 });

    // Invited by audience: every one of the 52, one invitation email each, with a calendar request.
    const invited = await call(
      'training-events',
      'POST',
      `/events/${eventId}/invitations`,
      organiser,
      { audiences: ['prosecutors'] },
      {
        'Idempotency-Key': `invite-${run}`,
      },
    );
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ invited: PEOPLE, alreadyRegistered: 0 });
    const outsider = await call('training-events', 'POST', `/events/${eventId}/external-participants`, organiser, external, {
      'Idempotency-Key': `external-${run}`,
    });
    expect(outsider.status).toBe(201);
    expect(JSON.stringify(outsider.body)).not.toContain(external.email);
    await expectEventually(
      () => {
        for (const address of addresses()) expect(withCalendar(address, 'REQUEST', 0)).toHaveLength(1);
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    for (const address of addresses()) {
      expect(smtp.to(address)).toHaveLength(1);
      const { method, event, raw } = calendarOf(smtp.to(address)[0]);
      expect(method).toBe('REQUEST');
      expect(event.uid).toBe(uid);
      expect(Number(event.sequence)).toBe(0);
      expect(event.start.toISOString()).toBe(new Date(startsAt).toISOString());
      expect(event.start.tz).toBe(TIME_ZONE);
      expect(raw).toMatch(/^DTSTART;TZID=Europe\/Vienna:\d{8}T\d{6}\r?$/m);
      expect(raw).toContain('BEGIN:VTIMEZONE');
    }
    expect(smtp.to(external.email)[0].subject).toBe(`Приглашение: ${content(startsAt).title.ru}`);

    // Some accept: a seat each, a confirmation, and the default reminders planned for version 1.
    for (const p of accepting) {
      const me = await token(p.personId, ['participant']);
      const accepted = await call('training-events', 'POST', `/events/${eventId}/registrations/${p.personId}/acceptance`, me);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ state: 'confirmed' });
    }
    const startIso = new Date(startsAt).toISOString();
    await expectEventually(
      async () => {
        for (const p of accepting) {
          expect(mailsTo(p.email, 'Registration confirmed')).toHaveLength(1);
          for (const r of DEFAULT_REMINDERS)
            expect(await dueAt(eventId, p.personId, 1, r.reminderId)).toBe(nineOClock(startIso, r.daysBefore));
        }
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(await reminderJob(eventId, people[ACCEPTING].personId, 1, 'd1-0900')).toBeUndefined();

    // A time change (a day later) with the revision just read: a change notice to all 53, same UID, higher SEQUENCE.
    const moved = startsAt + DAY;
    const current = await call('training-events', 'GET', `/events/${eventId}`, organiser);
    const changed = await call('training-events', 'PUT', `/events/${eventId}`, organiser, {
      ...content(moved),
      revision: current.body.revision,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, calendar: { uid, sequence: 1 } });
    await expectEventually(
      () => {
        for (const address of addresses()) expect(withCalendar(address, 'REQUEST', 1)).toHaveLength(1);
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    for (const address of addresses()) {
      const { method, event } = calendarOf(withCalendar(address, 'REQUEST', 1)[0]);
      expect(method).toBe('REQUEST');
      expect(event.uid).toBe(uid);
      expect(event.start.toISOString()).toBe(new Date(moved).toISOString());
    }
    expect(mailsTo(people[0].email, 'Changed')[0].subject).toMatch(/^Changed \(time\b/);

    // The reminders follow: the old version's jobs are gone (they can never fire), the new ones due on the new dates.
    const movedIso = new Date(moved).toISOString();
    await expectEventually(
      async () => {
        for (const p of accepting) {
          for (const r of DEFAULT_REMINDERS) {
            expect(await reminderJob(eventId, p.personId, 1, r.reminderId)).toBeUndefined();
            expect(await dueAt(eventId, p.personId, 2, r.reminderId)).toBe(nineOClock(movedIso, r.daysBefore));
          }
        }
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // Cancellation (ten days ahead, not urgent): METHOD:CANCEL / STATUS:CANCELLED to everyone, no reminder left.
    const cancelled = await call('training-events', 'POST', `/events/${eventId}/cancellation`, organiser);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled' });
    await expectEventually(
      () => {
        for (const address of addresses()) expect(withCalendar(address, 'CANCEL')).toHaveLength(1);
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    for (const address of addresses()) {
      const { event, raw } = calendarOf(withCalendar(address, 'CANCEL')[0]);
      expect(event.uid).toBe(uid);
      // Higher than the change's (1): RFC 5545 has SEQUENCE grow when STATUS changes.
      expect(Number(event.sequence)).toBe(2);
      expect(raw).toMatch(/^STATUS:CANCELLED\r?$/m);
    }
    await expectEventually(
      async () => {
        for (const p of accepting)
          for (const r of DEFAULT_REMINDERS) expect(await reminderJob(eventId, p.personId, 2, r.reminderId)).toBeUndefined();
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // Exactly once: every report of delivery in (email and in-app per notice; the outsider has no inbox), then the counts.
    const liveTopics = Object.keys(CATALOGUE).map((t) => namespacedTopic(t, ns));
    const recorder = await new TopicRecorder(kafka, `${ns}.canary`).start([...liveTopics, ...liveTopics.map(deadLetterTopicOf)]);
    try {
      const expected = PEOPLE * 3 * 2 + ACCEPTING * 2 + 3;
      await expectEventually(() => expect(recorder.of(namespacedTopic(TOPICS.notificationDelivered, ns))).toHaveLength(expected), {
        timeoutMs: 45_000,
        intervalMs: 250,
      });
      for (const p of people) expect(smtp.to(p.email)).toHaveLength(accepting.includes(p) ? 4 : 3);
      expect(smtp.to(external.email)).toHaveLength(3);
      expect(smtp.received.filter((m) => /^(Reminder|Напоминание)/.test(m.subject))).toEqual([]);
      expect(sms.received).toEqual([]);
      expect(recorder.of(namespacedTopic(TOPICS.trainingInvitationSent, ns)).length).toBeGreaterThanOrEqual(2);
      expect(recorder.of(namespacedTopic(TOPICS.trainingReminderDue, ns))).toEqual([]);

      // The outsider's email address is in no Kafka message of the namespace (dead-letter topics too) …
      const messages = [...recorder.messages.values()].flat().map((m) => `${m.key} ${m.value} ${JSON.stringify(m.headers)}`);
      expect(messages.length).toBeGreaterThan(expected);
      expect(recorder.of(namespacedTopic(TOPICS.notificationContactPointSealed, ns))).toHaveLength(1);
      for (const secret of [external.email, external.displayName]) expect(messages.filter((m) => m.includes(secret))).toEqual([]);
      expect(liveTopics.map(deadLetterTopicOf).flatMap((t) => recorder.of(t))).toEqual([]);
    } finally {
      await recorder.stop();
    }
    // … and in no log line of the three processes.
    for (const proc of processes.values()) {
      for (const secret of [external.email, external.displayName]) expect(proc.lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
