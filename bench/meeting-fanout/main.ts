import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureDevKeys } from '@ctip/auth';
import { CATALOGUE, TOPICS, type DirectoryPersonChanged, type Payload, type TrainingEventFacts } from '@ctip/contracts';
import { EventProducer } from '@ctip/messaging';
import {
  deliveryStates,
  describeRemoved,
  expectEventually,
  provideInfrastructure,
  type ReceivedMail,
  releaseInfrastructure,
  removeNamespace,
  REPO_ROOT,
  serviceEnv,
  ServiceProcess,
  SmtpSink,
  testKafka,
  uniqueSuffix,
  runBenchMain,
} from '@ctip/testing';
import mongoose from 'mongoose';
import { CriticalAlerts } from '../alert-latency/critical-alerts';
import { paced, summarize } from '../alert-latency/stats';
import { rawPoolSeconds } from './baseline';

/**
 * `bash scripts/bench meeting-fanout [--participants N] [--alerts K] [--alert-rate R] [--out FILE]`
 *
 * A change to a conference of N participants (default 1,000; each with email and in-app) published as
 * `training.event.changed.v1` to the notifications service, running as its own process on the real
 * servers with a real SMTP server in this process: the time until every participant's email was kept by
 * the server, against nodemailer's pool sending the same number of messages of the same text and calendar
 * part to the same server (same pool size) in the same run. Meanwhile K critical case alerts (default 50)
 * are published at R per second (default 5) from the fan-out's start: their latency (publish → first email
 * kept) against K alerts on the idle service before. Writes bench/results/meeting-fanout.json and removes
 * the namespace's database, topics and Redis keys at the end.
 */

interface Options {
  participants: number;
  alerts: number;
  alertRate: number;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { participants: 1000, alerts: 50, alertRate: 5, out: join(REPO_ROOT, 'bench/results/meeting-fanout.json') };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--participants') options.participants = Number(value);
    else if (flag === '--alerts') options.alerts = Number(value);
    else if (flag === '--alert-rate') options.alertRate = Number(value);
    else if (flag === '--out') options.out = value;
    else throw new Error(`unknown argument ${flag} (expected --participants N, --alerts K, --alert-rate R, --out FILE)`);
  }
  for (const key of ['participants', 'alerts', 'alertRate'] as const)
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`${key} must be a positive integer`);
  if (options.participants > 5000) throw new Error('participants: a notice names at most 5,000 recipients');
  return options;
}

const PORT = 17204;
const DUTY = ['duty-1', 'duty-2', 'duty-3'];
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** For expectEventually outside jest: throws until the condition holds. */
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`not yet: ${what}`);
}

function person(personId: string, address: string): DirectoryPersonChanged {
  return {
    personId,
    organisationId: 'bench-org',
    displayName: `Bench ${personId}`,
    roles: ['participant'],
    languages: ['en'],
    timeZone: 'Europe/Vienna',
    contactPoints: [{ contactPointId: 'email', channel: 'email', address, priority: 0, verified: true }],
    active: true,
    revision: 1,
    demo: false,
  };
}

function conference(eventId: string): TrainingEventFacts {
  const startsAt = new Date(Math.ceil((Date.now() + 10 * 86_400_000) / 60_000) * 60_000);
  return {
    eventId,
    kind: 'conference',
    title: { en: 'Annual conference on combating trafficking in human beings', ru: 'Ежегодная конференция по борьбе с торговлей людьми' },
    organisationId: 'odihr-atu',
    city: 'Vienna',
    country: 'AT',
    online: false,
    version: 2,
    calendar: {
      uid: `${eventId}@training-events.ctip`,
      sequence: 1,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 86_400_000).toISOString(),
      timeZone: 'Europe/Vienna',
      location: 'Hofburg, Vienna, Austria',
    },
    demo: false,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const infra = await provideInfrastructure();
  Object.assign(process.env, infra);
  const run = uniqueSuffix();
  const namespace = `fanout-${run}`;
  const keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-bench-keys-')));
  const smtp = await new SmtpSink().start();
  const db = await mongoose.createConnection(infra.MONGO_URL).asPromise();
  const notifications = db.useDb(`ctip_${namespace.replace(/-/g, '_')}_notifications`);
  const recipients = notifications.collection('recipients');
  const maxConnections = Number(process.env.BENCH_SMTP_MAX_CONNECTIONS ?? 10);
  const settings = {
    // The limits measure the pipeline, not a provider's quota: production's default email limit is 20/s.
    RATE_LIMIT_EMAIL_PER_SECOND: process.env.BENCH_EMAIL_PER_SECOND ?? '5000',
    RATE_LIMIT_INAPP_PER_SECOND: '5000',
    DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '10',
    SMTP_MAX_CONNECTIONS: String(maxConnections),
  };
  const env = {
    ...serviceEnv({ namespace, issuer: 'http://localhost/ctip-bench', audience: 'ctip-api', jwksFile: keys.jwksFile }),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    APP_BASE_URL: 'https://console.ctip.test',
    PORT: String(PORT),
    ...settings,
  };
  const service = new ServiceProcess(`bench-fanout-notifications-${run}`, 'apps/notifications/src/main.js', env).start();
  const producer = new EventProducer(testKafka(), CATALOGUE, 'bench', namespace);
  try {
    await expectEventually(async () => check((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).status === 200, 'ready'), {
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    await producer.connect();
    const participants = Array.from({ length: options.participants }, (_, i) => `fan-${i + 1}`);
    const people = [...participants, ...DUTY];
    for (let i = 0; i < people.length; i += 100) {
      await Promise.all(
        people.slice(i, i + 100).map((id) => producer.publish(TOPICS.directoryPersonChanged, person(id, `${id}@bench.example.org`))),
      );
    }
    await expectEventually(async () => check((await recipients.countDocuments()) === people.length, 'recipients read'), {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    log(`notifications up in ${namespace}; ${people.length} recipients read`);

    const alerts = new CriticalAlerts(producer, smtp, { organisationId: 'bench-org', personIds: DUTY });
    const alert = () => alerts.raise();
    const alertLatencies = (refs: string[]) => alerts.latencies(refs);
    const alertsDone = (refs: string[]) => alerts.done(refs);
    const changeOf = (eventId: string, personIds: string[]): Payload<typeof TOPICS.trainingEventChanged> => {
      const facts = conference(eventId);
      return {
        ...facts,
        changes: ['time', 'venue'],
        previous: { startsAt: new Date(Date.parse(facts.calendar.startsAt) - 3_600_000).toISOString(), endsAt: facts.calendar.endsAt },
        recipients: { personIds },
        at: new Date().toISOString(),
      };
    };
    const mailsOf = (eventId: string): ReceivedMail[] => smtp.received.filter((m) => m.text.includes(`/training/events/${eventId}`));

    // Warm-up: connections, JIT, workers.
    const warmEvent = `warm-${run}`;
    const warmAlerts: string[] = [];
    await producer.publish(TOPICS.trainingEventChanged, changeOf(warmEvent, participants.slice(0, 50)));
    await paced(5, 5, async () => void warmAlerts.push(await alert()));
    await expectEventually(() => check(mailsOf(warmEvent).length === 50 && alertsDone(warmAlerts), 'warm-up'), { timeoutMs: 60_000 });

    // Alerts on the idle service.
    const idle: string[] = [];
    log(`idle: ${options.alerts} critical alerts at ${options.alertRate}/s ...`);
    await paced(options.alerts, options.alertRate, async () => void idle.push(await alert()));
    await expectEventually(() => check(alertsDone(idle), 'idle alerts'), { timeoutMs: 60_000 });

    // The fan-out, with alerts at the same rate until every participant's email is in.
    const eventId = `conf-${run}`;
    log(`fan-out: a change to ${options.participants} participants, alerts at ${options.alertRate}/s meanwhile ...`);
    const during: string[] = [];
    const started = Date.now();
    await producer.publish(TOPICS.trainingEventChanged, changeOf(eventId, participants));
    let fanoutDone = false;
    const alerting = (async () => {
      // As many as on the idle service: alerts outrank the fan-out, so an endless stream would starve it.
      for (let i = 0; !fanoutDone && i < options.alerts; i += 1) {
        const due = started + (i * 1000) / options.alertRate;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
        if (!fanoutDone) during.push(await alert());
      }
    })();
    await expectEventually(() => check(mailsOf(eventId).length >= options.participants, 'fan-out'), {
      timeoutMs: 600_000,
      intervalMs: 100,
    });
    fanoutDone = true;
    await alerting;
    const mails = mailsOf(eventId);
    const fanoutSeconds = (Math.max(...mails.map((m) => m.receivedAt)) - started) / 1000;
    await expectEventually(() => check(alertsDone(during), 'alerts during the fan-out'), { timeoutMs: 60_000 });
    const distinct = new Set(mails.map((m) => m.to)).size;

    // The raw pool: the same number of messages of the same text and calendar part, same server, same pool size.
    const sample = mails[0];
    log('baseline: nodemailer pool ...');
    const rawSeconds = await rawPoolSeconds(smtp, {
      count: options.participants,
      maxConnections,
      subject: sample.subject,
      text: sample.text,
      calendar: sample.calendar,
      addressOf: (i) => `raw-${i}@bench.example.org`,
    });

    const stages = {
      alerts_idle: await alertStages(notifications, idle),
      alerts_during_fanout: await alertStages(notifications, during),
      fanout: await fanoutStages(notifications, eventId),
    };
    const idleSummary = summarize(alertLatencies(idle));
    const duringSummary = summarize(alertLatencies(during));
    const fanoutPerSecond = options.participants / fanoutSeconds;
    const rawPerSecond = options.participants / rawSeconds;
    const result = {
      participants: options.participants,
      fanout_seconds: Number(fanoutSeconds.toFixed(2)),
      fanout_emails_per_s: Number(fanoutPerSecond.toFixed(1)),
      raw_pool_seconds: Number(rawSeconds.toFixed(2)),
      raw_pool_emails_per_s: Number(rawPerSecond.toFixed(1)),
      throughput_ratio: Number((fanoutPerSecond / rawPerSecond).toFixed(2)),
      alert_idle_p50_ms: idleSummary.p50_ms,
      alert_idle_p99_ms: idleSummary.p99_ms,
      alert_during_p50_ms: duringSummary.p50_ms,
      alert_during_p99_ms: duringSummary.p99_ms,
      alert_p99_ratio: Number((duringSummary.p99_ms / idleSummary.p99_ms).toFixed(2)),
      details: {
        ran_at: new Date(started).toISOString(),
        machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, memory_gib: Math.round(totalmem() / 2 ** 30), node: process.version },
        servers: infra.INFRA_SOURCE,
        distinct_participants_emailed: distinct,
        duplicates: mails.length - distinct,
        email_text_chars: sample.text.length,
        calendar_chars: sample.calendar?.length ?? 0,
        alerts_idle: idleSummary,
        alerts_during_fanout: duringSummary,
        alert_rate_per_s: options.alertRate,
        stages,
        settings,
      },
    };
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
    const { details: _details, ...headline } = result;
    process.stdout.write(`${JSON.stringify(headline)}\n`);
    log(`written to ${options.out}`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await service.stop('SIGTERM', 15_000);
    await removeNamespace(namespace, db, testKafka(), infra.REDIS_URL).then(
      (removed) => log(`removed ${describeRemoved(removed)}`),
      (error: unknown) => log(`clean-up incomplete: ${String(error)}`),
    );
    await db.close();
    await smtp.stop();
    await releaseInfrastructure();
  }
}

/** The notifications database, whose deliveries are read as they stand (`deliveryStates`). */
type Notifications = mongoose.Connection;

/**
 * Where an alert's milliseconds go, from its first email's delivery record: published → planned (Kafka,
 * consumer, planning: `createdAt`) → recorded sent (queue wait behind other jobs, claim, render, SMTP).
 */
async function alertStages(notifications: Notifications, refs: string[]) {
  const records = await deliveryStates(
    notifications.db!,
    { aggregateKey: { $in: refs.map((ref) => `case-${ref}`) }, channel: 'email' },
    { aggregateKey: 1, sourceOccurredAt: 1, createdAt: 1, sentAt: 1 },
  );
  const first = new Map<string, (typeof records)[number]>();
  for (const record of records) {
    const known = first.get(record.aggregateKey as string);
    if (!known || +record.sentAt! < +known.sentAt!) first.set(record.aggregateKey as string, record);
  }
  const rows = [...first.values()].filter((r) => r.sentAt && r.createdAt);
  return {
    published_to_planned: summarize(rows.map((r) => +r.createdAt - +r.sourceOccurredAt)),
    planned_to_sent: summarize(rows.map((r) => +r.sentAt! - +r.createdAt)),
  };
}

/** The fan-out's deliveries: when the last was planned, and the first and last recorded sent, per channel. */
async function fanoutStages(notifications: Notifications, eventId: string) {
  const records = await deliveryStates(
    notifications.db!,
    { aggregateKey: eventId },
    { channel: 1, sourceOccurredAt: 1, createdAt: 1, sentAt: 1 },
  );
  const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
  const byChannel: Record<
    string,
    { deliveries: number; last_planned_s: number; sent_so_far: number; first_sent_s?: number; last_sent_s?: number }
  > = {};
  for (const channel of new Set(records.map((r) => r.channel as string))) {
    const rows = records.filter((r) => r.channel === channel);
    const t0 = Math.min(...rows.map((r) => +r.sourceOccurredAt));
    // In-app items may still be going out when the last email is in: only those recorded sent count.
    const sent = rows.filter((r) => r.sentAt).map((r) => +r.sentAt! - t0);
    byChannel[channel] = {
      deliveries: rows.length,
      last_planned_s: seconds(Math.max(...rows.map((r) => +r.createdAt)) - t0),
      sent_so_far: sent.length,
      ...(sent.length > 0 ? { first_sent_s: seconds(Math.min(...sent)), last_sent_s: seconds(Math.max(...sent)) } : {}),
    };
  }
  return byChannel;
}

runBenchMain(main, log);
