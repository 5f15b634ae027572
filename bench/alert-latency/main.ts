import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureDevKeys, mintDevToken } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import {
  deliveryStates,
  describeRemoved,
  expectEventually,
  HttpSink,
  namespaceLeftovers,
  provideInfrastructure,
  type ReceivedMail,
  releaseInfrastructure,
  removeNamespace,
  REPO_ROOT,
  serviceEnv,
  ServiceProcess,
  SmtpSink,
  testKafka,
  TopicRecorder,
  uniqueSuffix,
  runBenchMain,
} from '@ctip/testing';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { rawRoundTrips } from './baseline';
import { deltaOf, parseCommandstats, parseMetrics, redisCost, type Sample, serviceCost } from './per-report';
import { summarize, paced, type Summary } from './stats';

/**
 * `npm run bench:alert-latency -- [--rate R | --rates R1,R2,…] [--duration S] [--alerts N] [--out FILE]`
 *
 * Sends R × S critical reports (S default 20 s; --alerts N instead) at R per second (default 100) through the whole path — HTTP
 * API of case-coordination → Kafka → notifications → SMTP — with case-coordination, notifications and
 * the directory as their own processes (as `npm start` runs them) on the real servers, the demo directory
 * loaded, and a real SMTP server, webhook receiver and SMS gateway in this process. Latency of a report:
 * from just before its request is sent to the first alert email for it being accepted by the SMTP server.
 * In the same run it measures the raw limit: kafkajs produce → consume round trips on the same broker,
 * same message size, same rate. With `--rates`, the measured run and its baseline are repeated for each
 * rate on the same services (one warm-up), each after the previous one settled, into one result file.
 * Around each run it scrapes every service's /metrics and Redis's `INFO commandstats`: the database
 * commands, events and Redis calls per report. Writes bench/results/alert-latency.json and removes the
 * namespace's databases, topics, consumer groups and Redis keys at the end. BENCH_PORT_OFFSET=n moves the
 * services' ports (a second run beside another one).
 */

interface Options {
  /** Reports per phase; undefined: rate × duration. */
  alerts?: number;
  rates: number[];
  /** `--rates` given: one result file with an entry per rate; otherwise the single-rate shape. */
  multi: boolean;
  duration: number;
  out: string;
  warmup: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    ...(process.env.BENCH_ALERTS ? { alerts: Number(process.env.BENCH_ALERTS) } : {}),
    rates: [Number(process.env.BENCH_RATE ?? 100)],
    multi: false,
    duration: 20,
    out: join(REPO_ROOT, 'bench/results/alert-latency.json'),
    warmup: 20,
  };
  const positive = (value: number, flag: string) => {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer (got ${String(value)})`);
    return value;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--alerts') options.alerts = Number(value);
    else if (flag === '--rate') [options.rates, options.multi] = [[Number(value)], false];
    else if (flag === '--rates') [options.rates, options.multi] = [String(value).split(',').map(Number), true];
    else if (flag === '--duration') options.duration = Number(value);
    else if (flag === '--out') options.out = value;
    else if (flag === '--warmup') options.warmup = Number(value);
    else throw new Error(`unknown argument ${flag} (expected --rate R, --rates R1,R2,…, --duration S, --alerts N, --out FILE, --warmup N)`);
    i += 1;
  }
  if (options.alerts !== undefined) positive(options.alerts, '--alerts');
  for (const rate of options.rates) positive(rate, '--rate(s)');
  positive(options.duration, '--duration');
  positive(options.warmup, '--warmup');
  return options;
}

/** Who an MD-destination critical alert reaches in the demo directory: Moldova's on-duty focal point and the ODIHR unit. */
const RECIPIENTS = ['fp-md-primary', 'odihr-atu-coordinator-1', 'odihr-atu-coordinator-2'].map((p) => `${p}@demo.example.org`);
const PORT_OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);
const APPS = { directory: 17105 + PORT_OFFSET, 'case-coordination': 17101 + PORT_OFFSET, notifications: 17104 + PORT_OFFSET };
type App = keyof typeof APPS;

interface Report {
  index: number;
  sentAt: number;
  answeredAt?: number;
  status?: number;
  caseId?: string;
  caseRef?: string;
  error?: string;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const infra = await provideInfrastructure();
  Object.assign(process.env, infra);
  const run = uniqueSuffix();
  const namespace = `bench-${run}`;
  const issuer = 'http://localhost/ctip-bench';
  const audience = 'ctip-api';
  const keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-bench-keys-')));
  const smtp = await new SmtpSink().start();
  const receiver = await new HttpSink().start();
  const processes: ServiceProcess[] = [];
  const db = await mongoose.createConnection(infra.MONGO_URL).asPromise();
  const scoped = (service: string) => db.useDb(`ctip_${namespace.replace(/-/g, '_')}_${service.replace(/-/g, '_')}`);
  const redis = new Redis(infra.REDIS_URL, { maxRetriesPerRequest: 3 });
  const topRate = Math.max(...options.rates);
  const settings = {
    // Limits sized for the highest benchmark rate: 3 emails, 3 SMS and 2 webhooks per report.
    RATE_LIMIT_EMAIL_PER_SECOND: String(Math.max(20, topRate * 4)),
    RATE_LIMIT_SMS_PER_SECOND: String(Math.max(5, topRate * 4)),
    RATE_LIMIT_WEBHOOK_PER_SECOND: String(Math.max(20, topRate * 4)),
    RATE_LIMIT_INAPP_PER_SECOND: String(Math.max(200, topRate * 4)),
    DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '10',
    SMTP_MAX_CONNECTIONS: process.env.BENCH_SMTP_MAX_CONNECTIONS ?? '10',
  };
  const env: Record<string, string> = {
    ...serviceEnv({ namespace, issuer, audience, jwksFile: keys.jwksFile }),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMS_GATEWAY_URL: receiver.url('/sms'),
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_SIGNING_KEYS: `bench:${'b'.repeat(32)}`,
    ...settings,
    // BENCH_CPU_PROF_DIR=dir: every service writes a V8 CPU profile there when it stops (open in Chrome DevTools).
    ...(process.env.BENCH_CPU_PROF_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}` } : {}),
  };
  const url = (app: App) => `http://127.0.0.1:${APPS[app]}`;
  let recorder: TopicRecorder | undefined;

  try {
    log(
      `namespace ${namespace}; servers: kafka ${infra.KAFKA_BROKERS}, db ${infra.MONGO_URL}, redis ${infra.REDIS_URL} (${infra.INFRA_SOURCE})`,
    );
    // A service left on a port (another run, an interrupted one) would answer in this run's place.
    for (const [app, port] of Object.entries(APPS))
      if ((await fetch(`${url(app as App)}/health/live`).catch(() => undefined)) !== undefined)
        throw new Error(`port ${port} (${app}) is in use: wait for the other run, or set BENCH_PORT_OFFSET`);
    for (const [app, port] of Object.entries(APPS)) {
      processes.push(new ServiceProcess(`bench-${app}-${run}`, `apps/${app}/src/main.js`, { ...env, PORT: String(port) }).start());
    }
    for (const app of Object.keys(APPS) as App[]) {
      await expectEventually(
        async () => ((await fetch(`${url(app)}/health/ready`)).status === 200 ? true : Promise.reject(new Error(app))),
        {
          timeoutMs: 120_000,
          intervalMs: 250,
        },
      );
    }
    const seed = new ServiceProcess(`bench-seed-${run}`, 'apps/directory/src/cli/seed.js', {
      ...env,
      DEMO_WEBHOOK_BASE_URL: receiver.url(''),
    }).start();
    await seed.waitForExit();
    if (seed.exitCode !== 0) throw new Error(`demo directory seed failed:\n${seed.lines.slice(-10).join('\n')}`);
    await expectEventually(
      async () => {
        const rosters = await scoped('case-coordination').collection('directory_rosters').countDocuments();
        const recipient = await scoped('notifications')
          .collection('recipients')
          .findOne({ _id: 'odihr-atu-coordinator-2' as never });
        if (rosters < 11 || !JSON.stringify(recipient).includes(receiver.url('/odihr-atu/'))) throw new Error('directory not yet read');
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    log('services up, demo directory loaded and read by both services');
    // Topics exist now (each service creates its own at start).
    recorder = await new TopicRecorder(testKafka(), `bench-${run}`).start([namespacedTopic(TOPICS.caseAlertRaised, namespace)]);

    const token = await mintDevToken({
      ...keys,
      issuer,
      audience,
      subject: 'fp-md-primary',
      roles: ['focal-point'],
      countries: ['MD'],
      organisationId: 'osce-presence-md',
    });
    const report = async (reports: Report[], index: number): Promise<void> => {
      const entry: Report = { index, sentAt: Date.now() };
      reports[index] = entry;
      try {
        const response = await fetch(`${url('case-coordination')}/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({
            urgency: 'critical',
            countries: [{ country: 'MD', role: 'destination' }],
            servicesNeeded: ['shelter', 'medical'],
            riskFlags: ['immediate-danger'],
            consent: { shareWithPartners: false },
          }),
        });
        entry.answeredAt = Date.now();
        entry.status = response.status;
        const body = (await response.json()) as { caseId?: string; caseRef?: string; detail?: string };
        entry.caseId = body.caseId;
        entry.caseRef = body.caseRef;
        if (response.status !== 201) entry.error = body.detail ?? `HTTP ${response.status}`;
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
      }
    };
    const mailsByCase = () => {
      const byCase = new Map<string, ReceivedMail[]>();
      for (const mail of smtp.received) {
        const ref = /\bRR-\d{4}-\d{6}\b/.exec(mail.subject)?.[0] ?? mail.subject;
        byCase.set(ref, [...(byCase.get(ref) ?? []), mail]);
      }
      return byCase;
    };
    const complete = (reports: Report[]) => {
      const byCase = mailsByCase();
      return reports.filter((r) => r.caseRef && RECIPIENTS.every((to) => byCase.get(r.caseRef!)?.some((m) => m.to === to))).length;
    };
    /** Waits until every accepted report's alert reached all its recipients, or nothing moved for 60 s. */
    const settle = async (reports: Report[]) => {
      let last = -1;
      let lastChange = Date.now();
      for (;;) {
        const done = complete(reports);
        if (done === reports.filter((r) => r.caseRef).length) return;
        if (done !== last) [last, lastChange] = [done, Date.now()];
        if (Date.now() - lastChange > 60_000) return log(`stopped waiting: ${done} of ${reports.length} alerts complete`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    /** Every service's /metrics and the Redis server's command counts, now. */
    const scrapeCosts = async (): Promise<Costs> => {
      const services = await Promise.all(
        (Object.keys(APPS) as App[]).map(async (app) => [app, parseMetrics(await (await fetch(`${url(app)}/metrics`)).text())] as const),
      );
      return {
        services: Object.fromEntries(services) as Record<App, Sample[]>,
        redis: parseCommandstats(await redis.info('commandstats')),
      };
    };

    // Warm-up: connections, JIT, queue workers; also checks who an alert reaches and the event size.
    const warm: Report[] = [];
    await paced(options.warmup, Math.min(10, topRate), (i) => report(warm, i));
    if (warm.some((r) => r.status !== 201)) throw new Error(`warm-up report refused: ${warm.find((r) => r.status !== 201)?.error}`);
    await settle(warm);
    if (complete(warm) !== warm.length) throw new Error('warm-up alerts did not reach every recipient');
    const alertEvents = recorder.of(namespacedTopic(TOPICS.caseAlertRaised, namespace));
    const messageBytes = Math.round(alertEvents.reduce((sum, m) => sum + Buffer.byteLength(m.value ?? ''), 0) / alertEvents.length);
    log(`warm-up done: ${warm.length} alerts, each to ${RECIPIENTS.length} recipients; case.alert.raised ≈ ${messageBytes} bytes`);

    /** One measured run at `rate` and its raw baseline right after; the services are those of the whole benchmark. */
    const measure = async (rate: number, phase: number) => {
      const alerts = options.alerts ?? rate * options.duration;
      const mailsBefore = smtp.received.length;
      const reports: Report[] = [];
      const costBefore = await scrapeCosts();
      const started = Date.now();
      log(`sending ${alerts} critical reports at ${rate}/s ...`);
      await paced(alerts, rate, (i) => report(reports, i));
      const sendSeconds = (Date.now() - started) / 1000;
      await settle(reports);
      const costAfter = await scrapeCosts();
      const byCase = mailsByCase();
      const accepted = reports.filter((r) => r.status === 201 && r.caseRef);
      const firstMail = (r: Report) => Math.min(...(byCase.get(r.caseRef!) ?? []).map((m) => m.receivedAt));
      const delivered = accepted.filter((r) => Number.isFinite(firstMail(r)));
      const latencies = delivered.map((r) => firstMail(r) - r.sentAt);
      const allRecipients = accepted
        .filter((r) => RECIPIENTS.every((to) => byCase.get(r.caseRef!)?.some((m) => m.to === to)))
        .map(
          (r) =>
            Math.max(
              ...RECIPIENTS.map((to) =>
                Math.min(
                  ...byCase
                    .get(r.caseRef!)!
                    .filter((m) => m.to === to)
                    .map((m) => m.receivedAt),
                ),
              ),
            ) - r.sentAt,
        );
      let duplicates = 0;
      let distinctDuplicates = 0;
      for (const r of accepted) {
        for (const to of RECIPIENTS) {
          const mails = (byCase.get(r.caseRef!) ?? []).filter((m) => m.to === to);
          duplicates += Math.max(0, mails.length - 1);
          distinctDuplicates += Math.max(0, new Set(mails.map((m) => m.messageId)).size - 1);
        }
      }
      // An alert counts as delivered when its email reached every recipient; lost otherwise (refused reports included).
      const lost = alerts - allRecipients.length;
      const stages = await stageBreakdown(scoped('notifications'), accepted, byCase);
      const perReport = costPerReport(costBefore, costAfter, accepted.length);
      log(`path done: ${allRecipients.length}/${alerts} delivered to every recipient; ${smtp.received.length - mailsBefore} emails`);

      // The raw limit, on the same broker, same size, same rate.
      log('baseline: raw kafkajs round trips ...');
      const baseline = summarize(
        await rawRoundTrips(testKafka(), {
          topic: `${namespace}.bench.baseline-${phase}`,
          count: alerts,
          perSecond: rate,
          messageBytes,
        }),
      );
      const path = summarize(latencies);
      log(`per report at ${rate}/s: ${describeCost(perReport)}`);
      return {
        alerts,
        delivered: allRecipients.length,
        lost,
        duplicates,
        rate_per_s: rate,
        p50_ms: path.p50_ms,
        p95_ms: path.p95_ms,
        p99_ms: path.p99_ms,
        max_ms: path.max_ms,
        baseline_p50_ms: baseline.p50_ms,
        baseline_p99_ms: baseline.p99_ms,
        ratio_p99: Number((path.p99_ms / baseline.p99_ms).toFixed(2)),
        details: {
          ran_at: new Date(started).toISOString(),
          machine: {
            cpus: cpus().length,
            cpu_model: cpus()[0]?.model,
            memory_gib: Math.round(totalmem() / 2 ** 30),
            node: process.version,
          },
          servers:
            infra.INFRA_SOURCE === 'local'
              ? 'scripts/infra: Kafka 4.1.1 (KRaft), FerretDB 1.24.2 (SQLite, patched), Redis'
              : infra.INFRA_SOURCE,
          send_seconds: Number(sendSeconds.toFixed(1)),
          alerts_with_a_first_email: delivered.length,
          refused_reports: reports.filter((r) => r.status !== 201).length,
          first_refusal: reports.find((r) => r.status !== 201)?.error,
          duplicate_message_ids: distinctDuplicates,
          message_bytes: messageBytes,
          recipients_per_alert: RECIPIENTS.length,
          http_response: summarize(accepted.map((r) => r.answeredAt! - r.sentAt)),
          all_recipients_emailed: summarize(allRecipients),
          path: path,
          baseline,
          stages,
          per_report: perReport,
          settings,
        },
      };
    };

    const runs = [];
    for (const [phase, rate] of options.rates.entries()) runs.push(await measure(rate, phase));
    const result = options.multi ? { rates: options.rates, duration_s: options.duration, runs } : runs[0];
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
    for (const { details: _details, ...headline } of runs) process.stdout.write(`${JSON.stringify(headline)}\n`);
    log(`written to ${options.out}`);
  } finally {
    await recorder?.stop().catch(() => undefined);
    await Promise.allSettled(processes.map((p) => p.stop('SIGTERM', 15_000)));
    // After the services stopped: a running one would recreate its topics and queues.
    await removeNamespace(namespace, db, testKafka(), infra.REDIS_URL).then(
      async (removed) => {
        log(`removed ${describeRemoved(removed)}`);
        const left = await namespaceLeftovers(namespace, db, testKafka(), infra.REDIS_URL);
        log(`left of ${namespace}: ${describeRemoved(left)}`);
      },
      (error: unknown) => log(`clean-up incomplete: ${String(error)}`),
    );
    redis.disconnect();
    await db.close();
    await smtp.stop();
    await receiver.stop();
    await releaseInfrastructure();
  }
}

interface Costs {
  services: Record<App, Sample[]>;
  redis: Record<string, number>;
}

/** Database commands, events and jobs per accepted report in each service; Redis calls server-wide. */
function costPerReport(before: Costs, after: Costs, reports: number) {
  const count = Math.max(1, reports);
  return {
    reports,
    services: Object.fromEntries(
      (Object.keys(APPS) as App[]).map((app) => [app, serviceCost(deltaOf(before.services[app], after.services[app]), count)]),
    ) as Record<App, ReturnType<typeof serviceCost>>,
    redis: { ...redisCost(before.redis, after.redis, count), note: 'server-wide: every client of the Redis server counts' },
  };
}

/** The summary line of the log: db commands (reads/writes), events out/in per report per service, Redis calls. */
function describeCost(cost: ReturnType<typeof costPerReport>): string {
  const services = Object.entries(cost.services).map(
    ([app, c]) =>
      `${app} db ${c.db.commands} (r ${c.db.reads}, w ${c.db.writes}), kafka out ${c.kafka.published ?? '-'} in ${c.kafka.consumed ?? '-'}`,
  );
  return `${services.join('; ')}; redis ${cost.redis.commands} (server-wide)`;
}

/**
 * Where the milliseconds go, from the notifications service's delivery records of the first email of
 * each report (all clocks are this machine's; database times have 1 ms resolution):
 * request → alert raised (case-coordination: HTTP, validation, encryption, writes, routing, outbox) →
 * delivery planned (Kafka transit, consumer, inbox, planning) → SMTP accepted (queue wait, claim,
 * rendering, SMTP) → recorded as sent.
 */
async function stageBreakdown(
  notifications: mongoose.Connection,
  reports: Report[],
  byCase: Map<string, ReceivedMail[]>,
): Promise<Record<string, Summary>> {
  const ids = reports.map((r) => r.caseId!).filter(Boolean);
  const records = await deliveryStates(
    notifications.db!,
    { aggregateKey: { $in: ids }, channel: 'email', sourceType: 'case.alert.raised' }, // not the escalations
    { aggregateKey: 1, recipientPersonId: 1, sourceOccurredAt: 1, createdAt: 1, sentAt: 1, sourceType: 1 },
  );
  const stages: Record<string, number[]> = {
    reported_to_alert_raised: [],
    alert_raised_to_planned: [],
    planned_to_smtp_accepted: [],
    smtp_accepted_to_recorded: [],
  };
  const bySent = new Map(reports.map((r) => [r.caseId, r]));
  for (const record of records) {
    const r = bySent.get(record.aggregateKey as string);
    const mail = (byCase.get(r?.caseRef ?? '') ?? []).find((m) => m.to === `${record.recipientPersonId}@demo.example.org`);
    if (!r || !mail || !record.createdAt || !record.sentAt) continue;
    const raised = new Date(record.sourceOccurredAt as Date).getTime();
    const planned = new Date(record.createdAt as Date).getTime();
    stages.reported_to_alert_raised.push(raised - r.sentAt);
    stages.alert_raised_to_planned.push(planned - raised);
    stages.planned_to_smtp_accepted.push(mail.receivedAt - planned);
    stages.smtp_accepted_to_recorded.push(new Date(record.sentAt as Date).getTime() - mail.receivedAt);
  }
  return Object.fromEntries(Object.entries(stages).map(([name, values]) => [name, summarize(values)]));
}

runBenchMain(main, log);
