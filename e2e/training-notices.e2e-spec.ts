import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken } from '@ctip/auth';
import { ContactSeal, contactSealKeysSchema, DEV_CONTACT_SEAL_KEYS } from '@ctip/contact-seal';
import { CATALOGUE, deadLetterTopicOf, TOPICS, type TrainingEventFacts } from '@ctip/contracts';
import { EventProducer, namespacedTopic } from '@ctip/messaging';
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
import { mongo } from 'mongoose';
import ical, { type VEvent } from 'node-ical';

const PORTS = { directory: 4201, notifications: 4202 };
const PEOPLE = 50;
/** Every fifth person reads Russian first and lives in Ashgabat; the others read English in Vienna. */
const readsRussian = (n: number) => n % 5 === 0;
/** Two of them have a verified phone as well. */
const hasPhone = (n: number) => n === 1 || n === 5;

function calendarOf(mail: ReceivedMail): { method: string; event: VEvent; raw: string } {
  expect(mail.calendar).toBeDefined();
  const raw = mail.calendar!;
  const events = Object.values(ical.sync.parseICS(raw)).filter((c): c is VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return { method: /^METHOD:(\w+)\r?$/m.exec(raw)?.[1] ?? '', event: events[0], raw };
}

/**
 * Training notices end to end: the directory and notifications services as their own processes from
 * dist, on the real Kafka, database and Redis, email at a real SMTP server and SMS at a test gateway. The
 * training-events service is not started: its events are published here with proper envelopes, as it
 * would publish them — an invitation of 50 directory people and one external participant (whose contact
 * point comes sealed, after the invitation), a time change, and an urgent cancellation.
 */
describe('training notices, end to end', () => {
  const run = uniqueSuffix(8);
  const ns = `tn-e2e-${run}`;
  const smtp = new SmtpSink();
  const sms = new HttpSink();
  const kafka = testKafka();
  const producer = new EventProducer(kafka, CATALOGUE, 'training-events', ns);
  const processes: ServiceProcess[] = [];
  const issuer = 'http://localhost/ctip-tn-e2e';
  const audience = 'ctip-api';
  let keys: Awaited<ReturnType<typeof ensureDevKeys>>;
  let client: mongo.MongoClient;
  const people = Array.from({ length: PEOPLE }, (_, i) => i + 1).map((n) => ({
    n,
    personId: `tn-${run}-${n}`,
    email: `tn-${run}-${n}@mission.example.org`,
    phone: hasPhone(n) ? `+9936500${String(n).padStart(4, '0')}` : undefined,
    russian: readsRussian(n),
  }));
  const external = {
    recipientId: `ext-${run}`,
    email: `g.ataeva.${run}@ministry.example.tm`,
    phone: '+99312345678',
    displayName: `Гульнара Атаева ${run}`,
  };
  const eventId = `evt-${run}`;
  const startsAt = new Date(Math.ceil((Date.now() + 36 * 3_600_000) / 60_000) * 60_000);
  const facts: TrainingEventFacts = {
    eventId,
    kind: 'training',
    title: {
      en: 'Identification and referral of trafficked persons',
      ru: 'Выявление и перенаправление пострадавших от торговли людьми',
    },
    organisationId: 'iom-tm',
    city: 'Turkmenbashy',
    country: 'TM',
    online: false,
    version: 1,
    calendar: {
      uid: `${eventId}@training-events.ctip`,
      sequence: 0,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 32 * 3_600_000).toISOString(),
      timeZone: 'Asia/Ashgabat',
      location: 'Hotel Hazar, Turkmenbashy, Turkmenistan',
    },
    demo: false,
  };
  const recipients = { personIds: [...people.map((p) => p.personId), external.recipientId] };
  const addresses = [...people.map((p) => p.email), external.email];
  const mailsTo = (address: string, method?: string) =>
    smtp.to(address).filter((m) => method === undefined || (m.calendar && calendarOf(m).method === method));

  const env = () => ({
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
  });

  async function call(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const token = await mintDevToken({ ...keys, issuer, audience, subject: 'tn-e2e-admin', roles: ['admin'] });
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
  }

  beforeAll(async () => {
    keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-tn-e2e-keys-')));
    await Promise.all([smtp.start(), sms.start()]);
    for (const [app, port] of Object.entries(PORTS)) {
      processes.push(new ServiceProcess(`${ns}-${app}`, `apps/${app}/src/main.js`, { ...env(), PORT: String(port) }).start());
    }
    for (const port of Object.values(PORTS)) {
      await expectEventually(async () => expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200), {
        timeoutMs: 60_000,
        intervalMs: 250,
      });
    }
    await producer.connect();
    client = await new mongo.MongoClient(process.env.MONGO_URL!).connect();

    // The 50 people, created and their contact points confirmed through the directory's API.
    const organisation = await call(PORTS.directory, 'POST', '/organisations', {
      organisationId: 'iom-tm',
      kind: 'partner',
      partnerType: 'international-organisation',
      name: 'IOM Turkmenistan',
      country: 'TM',
      languages: ['ru', 'en'],
      timeZone: 'Asia/Ashgabat',
    });
    expect(organisation.status).toBe(201);
    await inBatches(people, 10, async (p) => {
      const contactPoints = [
        { contactPointId: 'email', channel: 'email', address: p.email, priority: 1 },
        ...(p.phone ? [{ contactPointId: 'sms', channel: 'sms', address: p.phone, priority: 0 }] : []),
      ];
      const created = await call(PORTS.directory, 'POST', '/people', {
        personId: p.personId,
        organisationId: 'iom-tm',
        displayName: `Participant ${p.n}`,
        roles: ['participant'],
        languages: p.russian ? ['ru', 'en'] : ['en'],
        timeZone: p.russian ? 'Asia/Ashgabat' : 'Europe/Vienna',
        contactPoints,
      });
      expect(created.status).toBe(201);
      for (const point of contactPoints) {
        const verified = await call(PORTS.directory, 'POST', `/people/${p.personId}/contact-points/${point.contactPointId}/verification`);
        expect(verified.status).toBe(200);
      }
    });
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    await client?.close();
    await Promise.all(processes.map((p) => p.stop('SIGTERM', 15_000)));
    await Promise.all([smtp.stop(), sms.stop()]);
    await deleteNamespaceTopics(ns);
  });

  it('invites 50 people and an external participant, changes the time, cancels urgently: each gets every notice once, with its calendar entry', async () => {
    // The directory's events reach the notifications read model: every person with their confirmed points.
    const notificationsDb = `ctip_${ns.replace(/-/g, '_')}_notifications`;
    const recipientsModel = client.db(notificationsDb).collection('recipients');
    await expectEventually(
      async () => {
        const ready = await recipientsModel.countDocuments({
          _id: { $in: people.map((p) => p.personId) } as never,
          'contactPoints.channel': 'email',
        });
        expect(ready).toBe(PEOPLE);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );

    // The invitation names the external participant before their sealed contact point has arrived: the 50
    // get theirs, the notice waits for the outsider, who gets it once the sealed contact point is in.
    const invited = await producer.publish(TOPICS.trainingInvitationSent, {
      ...facts,
      registrationDeadline: new Date(startsAt.getTime() - 12 * 3_600_000).toISOString(),
      invitationId: `inv-${run}`,
      recipients,
      at: new Date().toISOString(),
    });
    await expectEventually(
      () => {
        for (const p of people) expect(mailsTo(p.email)).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(mailsTo(external.email)).toHaveLength(0);
    await processes[1].waitForLog(new RegExp(`${external.recipientId}.*waiting for the contact points`));
    const seal = new ContactSeal(contactSealKeysSchema.parse(DEV_CONTACT_SEAL_KEYS));
    const sealed = seal.seal(external.recipientId, {
      displayName: external.displayName,
      organisation: 'Ministry of Internal Affairs',
      language: 'ru',
      timeZone: 'Asia/Ashgabat',
      email: external.email,
      phone: external.phone,
    });
    await producer.publish(TOPICS.notificationContactPointSealed, {
      recipientId: external.recipientId,
      source: 'training-events',
      revision: 1,
      ...sealed,
      at: new Date().toISOString(),
    });
    await expectEventually(
      () => {
        for (const address of addresses) expect(mailsTo(address)).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    for (const address of addresses) {
      const [mail] = mailsTo(address);
      const { method, event, raw } = calendarOf(mail);
      expect(method).toBe('REQUEST');
      expect(event.uid).toBe(facts.calendar.uid);
      expect(Number(event.sequence)).toBe(0);
      expect(event.start.toISOString()).toBe(new Date(facts.calendar.startsAt).toISOString());
      expect(event.start.tz).toBe('Asia/Ashgabat');
      expect(raw).toMatch(/^DTSTART;TZID=Asia\/Ashgabat:\d{8}T\d{6}\r?$/m);
      expect(raw).toContain('BEGIN:VTIMEZONE');
      expect(raw.replace(/\r\n /g, '')).toContain(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:MAILTO:${address}`);
      expect(mail.parts.find((p) => p.contentType.startsWith('text/calendar'))?.contentType).toMatch(/method=REQUEST/i);
    }
    // A Russian reader reads Russian, their times on their own clock; an English reader English.
    const russian = mailsTo(people.find((p) => p.russian)!.email)[0];
    expect(russian.subject).toBe(`Приглашение: ${facts.title.ru}`);
    expect(russian.text).toContain(`Вы приглашены на мероприятие «${facts.title.ru}» (тренинг).`);
    expect(russian.text).toMatch(/Когда: .* GMT\+5 – .* GMT\+5/);
    expect(calendarOf(russian).event.summary).toBe(facts.title.ru);
    const english = mailsTo(people.find((p) => !p.russian)!.email)[0];
    expect(english.subject).toBe(`Invitation: ${facts.title.en}`);
    expect(english.text).toMatch(/When: .* GMT\+[12] – /);
    // The external participant, known only by the sealed route, got theirs in their language.
    const outsider = mailsTo(external.email)[0];
    expect(outsider.subject).toBe(`Приглашение: ${facts.title.ru}`);

    // A time change: a change notice to each, same UID, higher SEQUENCE, saying the old and new time.
    const moved = new Date(startsAt.getTime() + 2 * 3_600_000);
    const changedFacts = {
      ...facts,
      version: 2,
      calendar: {
        ...facts.calendar,
        sequence: 1,
        startsAt: moved.toISOString(),
        endsAt: new Date(moved.getTime() + 32 * 3_600_000).toISOString(),
      },
    };
    await producer.publish(TOPICS.trainingEventChanged, {
      ...changedFacts,
      changes: ['time'],
      previous: { startsAt: facts.calendar.startsAt, endsAt: facts.calendar.endsAt },
      recipients,
      at: new Date().toISOString(),
    });
    await expectEventually(
      () => {
        for (const address of addresses) expect(mailsTo(address)).toHaveLength(2);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    for (const address of addresses) {
      const change = mailsTo(address).find((m) => Number(calendarOf(m).event.sequence) === 1)!;
      expect(change).toBeDefined();
      const { method, event } = calendarOf(change);
      expect(method).toBe('REQUEST');
      expect(event.uid).toBe(facts.calendar.uid);
      expect(event.start.toISOString()).toBe(moved.toISOString());
    }
    const englishChange = mailsTo(english.to).find((m) => m.subject.startsWith('Changed'))!;
    expect(englishChange.subject).toBe(`Changed (time): ${facts.title.en}`);
    expect(englishChange.text).toMatch(/Was: .* GMT\+[12] – .*\r?\nNow: .* GMT\+[12] – /);

    // Cancelled within 48 h of the start: urgent, so by SMS as well to those with a phone; METHOD:CANCEL.
    const smsBefore = sms.received.length;
    await producer.publish(TOPICS.trainingEventCancelled, {
      ...changedFacts,
      calendar: { ...changedFacts.calendar, sequence: 2 },
      urgent: true,
      recipients,
      at: new Date().toISOString(),
    });
    const phones = [...people.filter((p) => p.phone).map((p) => p.phone!), external.phone];
    await expectEventually(
      () => {
        for (const address of addresses) expect(mailsTo(address, 'CANCEL')).toHaveLength(1);
        expect(sms.received).toHaveLength(phones.length);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(smsBefore).toBe(0); // the invitation and the change went by email and in-app only
    for (const address of addresses) {
      const { event, raw } = calendarOf(mailsTo(address, 'CANCEL')[0]);
      expect(event.uid).toBe(facts.calendar.uid);
      expect(Number(event.sequence)).toBe(2);
      expect(raw).toMatch(/^STATUS:CANCELLED\r?$/m);
    }
    const texts = sms.received.map((r) => JSON.parse(r.body) as { to: string; text: string });
    expect(texts.map((t) => t.to).sort()).toEqual([...phones].sort());
    expect(texts.find((t) => t.to === external.phone)!.text).toContain(`Отменено: «${facts.title.ru}»`);
    expect(texts.find((t) => t.to === people[0].phone)!.text).toContain(`Cancelled: ${facts.title.en}`);

    // Exactly once: three emails each, nothing more after the reports of every delivery are in.
    const liveTopics = Object.keys(CATALOGUE).map((t) => namespacedTopic(t, ns));
    const topics = [...liveTopics, ...liveTopics.map(deadLetterTopicOf)];
    const recorder = await new TopicRecorder(kafka, `${ns}.canary`).start(topics);
    try {
      // Per person: email + in-app for each of three notices (SMS too for the urgent one); the outsider no inbox.
      const expected = PEOPLE * 6 + people.filter((p) => p.phone).length + 3 + 1;
      await expectEventually(() => expect(recorder.of(namespacedTopic(TOPICS.notificationDelivered, ns))).toHaveLength(expected), {
        timeoutMs: 30_000,
        intervalMs: 250,
      });
      for (const address of addresses) expect(smtp.to(address)).toHaveLength(3);
      const outsiderReports = recorder
        .of(namespacedTopic(TOPICS.notificationDelivered, ns))
        .map((m) => (JSON.parse(m.value!) as { data: { recipientPersonId: string; channel: string } }).data)
        .filter((d) => d.recipientPersonId === external.recipientId);
      expect(outsiderReports.map((d) => d.channel).sort()).toEqual(['email', 'email', 'email', 'sms']);
      expect(recorder.of(namespacedTopic(TOPICS.trainingInvitationSent, ns)).map((m) => JSON.parse(m.value!).id)).toEqual([invited.id]);

      // The external participant's details appear in no Kafka message of the run (dead-letter topics too) …
      const messages = [...recorder.messages.values()].flat().map((m) => `${m.key} ${m.value} ${JSON.stringify(m.headers)}`);
      expect(messages.length).toBeGreaterThan(expected);
      for (const secret of [external.email, external.phone, external.displayName]) {
        expect(messages.filter((m) => m.includes(secret))).toEqual([]);
      }
      expect(liveTopics.map(deadLetterTopicOf).flatMap((t) => recorder.of(t))).toEqual([]);
    } finally {
      await recorder.stop();
    }
    // … and in no log line of the processes, although the service did log about that recipient by id.
    for (const proc of processes) {
      for (const secret of [external.email, external.phone, external.displayName]) {
        expect(proc.lines.filter((line) => line.includes(secret))).toEqual([]);
      }
    }
    expect(processes[1].lines.some((line) => line.includes(external.recipientId))).toBe(true);
  });
});
