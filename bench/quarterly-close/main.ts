import { readFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureDevKeys, mintDevToken } from '@ctip/auth';
import { CATALOGUE, TOPICS, type DirectoryPersonChanged } from '@ctip/contracts';
import { EventProducer, namespacedTopic } from '@ctip/messaging';
import {
  describeRemoved,
  expectEventually,
  provideInfrastructure,
  releaseInfrastructure,
  removeNamespace,
  REPO_ROOT,
  serviceEnv,
  appNodeOptions,
  ServiceProcess,
  SmtpSink,
  testKafka,
  uniqueSuffix,
  runBenchMain,
} from '@ctip/testing';
import { Queue } from 'bullmq';
import type { Kafka } from 'kafkajs';
import mongoose from 'mongoose';
import { EventTally, memoryOf, ratio, writePlan } from './accounting';
import { deltaOf, parseMetrics, serviceCost } from '../alert-latency/per-report';
import { CriticalAlerts } from '../alert-latency/critical-alerts';
import { paced, summarize } from '../alert-latency/stats';
import { rawClose, rawConfirm } from './baseline';

/**
 * `npm run bench:quarterly-close -- [--proposals N] [--close-only] [--alerts K [--alert-rate R]] [--out FILE]`
 *
 * Closes a fund cycle of N reviewed proposals (default 10,000) with fund-proposals and notifications as
 * their own processes (from dist, as `npm start` runs them) on the real servers: 50 applicants are
 * announced to notifications as the directory does, N `reviewed` proposals of their 50 organisations are
 * inserted in bulk into the fund's database, a cycle is created with its cut-off a few seconds ahead, and
 * the scheduled close runs. Measured: cut-off → `fund.cycle.closed.v1` received (slate of N lines);
 * confirm request → every `fund.proposal.decided.v1` received (distinct proposals) and → every decision's
 * notification planned (notifications has handled all N: deliveries stored, jobs queued); the commands
 * each service sent per decision; the fund service's peak RSS (VmHWM). With `--alerts K`, K critical
 * alerts at R/s (default 5) on the idle services and K during the confirmation, each timed to its first
 * email. Then, in the same run on the same servers, the raw baseline: the same cursor, writes, reads and
 * Kafka messages without the services. Removes its databases, topics and Redis keys at the end.
 */

interface Options {
  proposals: number;
  out: string;
  /** Stop after the close (no confirmation or baseline of it): for the close's memory at sizes whose confirmation takes too long. */
  closeOnly: boolean;
  /** Critical alerts sent to the notifications service at `alertRate`/s on the idle services, then as many during the confirmation (0: none). */
  alerts: number;
  alertRate: number;
}

function parseOptions(argv: string[]): Options {
  let proposals = Number(process.env.BENCH_PROPOSALS ?? 10_000);
  let out: string | undefined;
  let closeOnly = false;
  let alerts = 0;
  let alertRate = 5;
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--proposals') proposals = Number(value);
    else if (flag === '--out') out = value;
    else if (flag === '--close-only') [closeOnly, i] = [true, i - 1];
    else if (flag === '--alerts') alerts = Number(value);
    else if (flag === '--alert-rate') alertRate = Number(value);
    else throw new Error(`unknown argument ${flag} (expected --proposals N, --out FILE, --close-only, --alerts K, --alert-rate R)`);
  }
  if (!Number.isInteger(proposals) || proposals < 1) throw new Error('--proposals must be a positive integer');
  if (!Number.isInteger(alerts) || alerts < 0) throw new Error('--alerts must be a whole number');
  if (!(alertRate > 0)) throw new Error('--alert-rate must be positive');
  const name = `quarterly-close${proposals === 10_000 ? '' : `-${proposals}`}${closeOnly ? '-close-only' : ''}${alerts > 0 ? '-with-alerts' : ''}.json`;
  return { proposals, out: out ?? join(REPO_ROOT, 'bench/results', name), closeOnly, alerts, alertRate };
}

const PORT = 14601;
const NOTIFICATIONS_PORT = 14602;
/** The proposals' applicants (`createdBy`), one per organisation: the decisions' recipients. */
const APPLICANTS = 50;
const CYCLE = '2027-Q1';
const AMOUNT = 10_000_00;
const OFFICER = 'officer-bench';
const COMMITTEE = 'committee-bench';
const log = (message: string) => process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${message}\n`);

/** A proposal as the review module leaves it (ProposalDocument, `reviewed` with a weighted score). */
function reviewedProposal(run: string, index: number, now: number) {
  const id = `p-${run}-${String(index).padStart(6, '0')}`;
  const at = new Date(now - 86_400_000 + index);
  return {
    _id: id,
    proposalRef: `ATPF-2027-${String(index + 1).padStart(6, '0')}`,
    organisationId: `org-${index % 50}`,
    createdBy: `applicant-${index % 50}`,
    status: 'reviewed',
    content: {
      title: `Shelter capacity ${id}`,
      summary: 'Strengthening shelter capacity with a national NGO.',
      language: 'en',
      countries: ['MD'],
      implementingPartnerIds: [],
      activityTypes: ['direct-assistance'],
      targetGroups: ['survivors'],
      plannedStart: '2027-05-01',
      plannedEnd: '2027-12-31',
      budget: {
        currency: 'EUR',
        lines: [{ category: 'staff', description: 'counsellors', amount: AMOUNT }],
        coFunding: 0,
        amountRequested: AMOUNT,
      },
      expectedResults: [{ result: 'More places', indicators: [{ indicator: 'places' }] }],
      criteriaStatements: {
        impact: 'short-term results',
        'national-partners': 'local NGO',
        'state-ngo-cooperation': 'ministry MoU',
        'regional-networking': 'regional meeting',
      },
    },
    revision: 1,
    submittedVersion: 1,
    submittedAt: at,
    consultation: { comments: [], rounds: [], totalMs: 0 },
    review: { assigned: 2, scored: 2, weightedScore: 1 + (index % 41) / 10, disagreement: false, reviewedAt: new Date(now - 60_000) },
    outbox: [],
    version: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** The duty officers the bench's critical alerts go to (`--alerts`). */
const DUTY = ['duty-1', 'duty-2', 'duty-3'];

/** An applicant (or a duty officer) as the directory announces them: email and in-app, English or Russian. */
function applicant(index: number, personId = `applicant-${index}`): DirectoryPersonChanged {
  return {
    personId,
    organisationId: `org-${index}`,
    displayName: `Applicant ${index}`,
    roles: ['fund-applicant'],
    languages: [index % 2 === 0 ? 'en' : 'ru'],
    timeZone: 'Europe/Warsaw',
    contactPoints: [{ contactPointId: 'email', channel: 'email', address: `${personId}@bench.example.org`, priority: 0, verified: true }],
    active: true,
    revision: 1,
    demo: false,
  };
}

/** How many events of `topic` the service's consumers have handled, from its /metrics. */
async function handled(url: string, topic: string): Promise<number> {
  const samples = parseMetrics(await (await fetch(`${url}/metrics`)).text());
  return samples
    .filter((s) => s.name === 'ctip_kafka_handler_duration_seconds_count' && s.labels.topic === topic && s.labels.outcome === 'handled')
    .reduce((sum, s) => sum + s.value, 0);
}

/** Counts events of the given topics by key from the beginning, with the arrival time of each. */
async function tallyTopics(kafka: Kafka, groupId: string, topics: string[]) {
  const tallies = new Map(topics.map((t) => [t, new EventTally()]));
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const at = Date.now();
      for (const m of batch.messages) tallies.get(batch.topic)!.record(m.key?.toString() ?? '', at, m.value?.length ?? 0);
    },
  });
  await joined;
  return { of: (topic: string) => tallies.get(topic)!, stop: () => consumer.disconnect() };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const n = options.proposals;
  const infra = await provideInfrastructure();
  Object.assign(process.env, infra);
  const run = uniqueSuffix();
  const namespace = `qbench-${run}`;
  const issuer = 'http://localhost/ctip-bench';
  const audience = 'ctip-api';
  const keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-bench-keys-')));
  const db = await mongoose.createConnection(infra.MONGO_URL).asPromise();
  const fundDb = db.useDb(`ctip_${namespace.replace(/-/g, '_')}_fund_proposals`).db!;
  const scratch = db.useDb(`ctip_${namespace.replace(/-/g, '_')}_baseline`).db!;
  const kafka = testKafka();
  const env: Record<string, string> = {
    ...serviceEnv({ namespace, issuer, audience, jwksFile: keys.jwksFile }),
    PORT: String(PORT),
    // BENCH_CPU_PROF_DIR=dir: the service writes a V8 CPU profile there when it stops; BENCH_FUND_NODE_OPTIONS:
    // more Node options for the fund service alone, after its own (deploy/node-options/fund-proposals, as deployed;
    // e.g. --max-old-space-size=4096 to run it without its heap ceiling);
    // BENCH_FUND_LD_PRELOAD: a library preloaded into it alone (e.g. jemalloc, to tell fragmentation of the C heap from use).
    ...fundNodeOptions(),
    ...(process.env.BENCH_FUND_LD_PRELOAD ? { LD_PRELOAD: process.env.BENCH_FUND_LD_PRELOAD } : {}),
  };
  const service = new ServiceProcess(`qbench-fund-proposals-${run}`, 'apps/fund-proposals/src/main.js', env);
  const url = `http://127.0.0.1:${PORT}`;
  // The notifications service plans the decisions' emails and in-app notices; its mail goes to a sink here.
  const smtp = await new SmtpSink().start();
  const notifications = new ServiceProcess(`qbench-notifications-${run}`, 'apps/notifications/src/main.js', {
    ...env,
    PORT: String(NOTIFICATIONS_PORT),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    APP_BASE_URL: 'https://console.ctip.test',
    // Sending at up to 5,000/s, not a provider's quota (production's default is 20 emails/s): every
    // decision's email and in-app notice is sent while the others are planned. BENCH_EMAIL_PER_SECOND and
    // BENCH_INAPP_PER_SECOND set other limits.
    RATE_LIMIT_EMAIL_PER_SECOND: process.env.BENCH_EMAIL_PER_SECOND ?? '5000',
    RATE_LIMIT_INAPP_PER_SECOND: process.env.BENCH_INAPP_PER_SECOND ?? '5000',
  });
  const notificationsUrl = `http://127.0.0.1:${NOTIFICATIONS_PORT}`;
  const notificationsDb = db.useDb(`ctip_${namespace.replace(/-/g, '_')}_notifications`).db!;
  const producer = new EventProducer(kafka, CATALOGUE, 'bench', namespace);
  const rawQueue = new Queue(`${namespace}-raw-planning`, { connection: { url: infra.REDIS_URL } as never });
  const memory = () => memoryOf(readFileSync(`/proc/${service.pid}/status`, 'utf8'));
  const topics = {
    closed: namespacedTopic(TOPICS.fundCycleClosed, namespace),
    decided: namespacedTopic(TOPICS.fundProposalDecided, namespace),
  };
  let tally: Awaited<ReturnType<typeof tallyTopics>> | undefined;

  try {
    log(`namespace ${namespace}; ${n} proposals; servers: kafka ${infra.KAFKA_BROKERS}, db ${infra.MONGO_URL}, redis ${infra.REDIS_URL}`);
    // A service left running on the port (an interrupted run) would answer in this one's place.
    for (const [port, at] of [
      [PORT, url],
      [NOTIFICATIONS_PORT, notificationsUrl],
    ] as const)
      if ((await fetch(`${at}/health/live`).catch(() => undefined)) !== undefined)
        throw new Error(`port ${port} is in use: stop the process listening there first`);
    service.start();
    notifications.start();
    for (const at of [url, notificationsUrl])
      await expectEventually(
        async () => ((await fetch(`${at}/health/ready`)).status === 200 ? true : Promise.reject(new Error('not ready'))),
        { timeoutMs: 120_000, intervalMs: 250 },
      );
    await producer.connect();
    await Promise.all(Array.from({ length: APPLICANTS }, (_, i) => producer.publish(TOPICS.directoryPersonChanged, applicant(i))));
    await Promise.all(DUTY.map((id, i) => producer.publish(TOPICS.directoryPersonChanged, applicant(1_000 + i, id))));
    await expectEventually(
      async () =>
        (await notificationsDb.collection('recipients').countDocuments()) === APPLICANTS + DUTY.length
          ? true
          : Promise.reject(new Error('not read')),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    // Critical alerts straight to the notifications service, each timed to its first email at the sink.
    const alerts = new CriticalAlerts(producer, smtp, { organisationId: 'org-1000', personIds: DUTY });
    const alert = () => alerts.raise();
    const alertLatencies = (refs: string[]) => alerts.latencies(refs);
    const alertsDone = (refs: string[]) => alerts.done(refs);
    const idleAlerts: string[] = [];
    if (options.alerts > 0) {
      await paced(5, 5, async () => void (await alert())); // warm-up
      log(`idle: ${options.alerts} critical alerts at ${options.alertRate}/s ...`);
      await paced(options.alerts, options.alertRate, async () => void idleAlerts.push(await alert()));
      await expectEventually(async () => (alertsDone(idleAlerts) ? true : Promise.reject(new Error('alerts pending'))), {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
    }
    const idle = memory();
    const token = (subject: string, role: 'fund-officer' | 'fund-committee') =>
      mintDevToken({ ...keys, issuer, audience, subject, roles: [role] });
    const [officer, committee] = await Promise.all([token(OFFICER, 'fund-officer'), token(COMMITTEE, 'fund-committee')]);
    const call = async (method: string, path: string, bearer: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };

    const seedStarted = Date.now();
    const proposals = fundDb.collection<{ _id: string }>('proposals');
    for (let i = 0; i < n; i += 1_000)
      await proposals.insertMany(
        Array.from({ length: Math.min(1_000, n - i) }, (_, k) => reviewedProposal(run, i + k, seedStarted)) as never[],
      );
    log(`seeded ${n} reviewed proposals in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
    tally = await tallyTopics(kafka, `qbench-${run}`, [topics.closed, topics.decided]);

    // The scheduled close: a cut-off 5 s ahead; the envelope approves about half.
    const cutOff = new Date(Date.now() + 5_000);
    await call('POST', '/cycles', officer, {
      cycleId: CYCLE,
      cutOff: cutOff.toISOString(),
      decisionDate: new Date(Date.now() + 86_400_000).toISOString(),
      amount: Math.ceil(n / 2) * AMOUNT,
    });
    log(`cycle ${CYCLE} created, cut-off ${cutOff.toISOString()}`);
    const cycles = fundDb.collection<{
      _id: string;
      status: string;
      closedAt?: Date;
      slate?: { lines: number; proposedForApproval: number };
    }>('fund_cycles');
    const waitFor = async (what: string, done: () => Promise<boolean>, timeoutMs: number) => {
      const started = Date.now();
      let lastLog = started;
      while (!(await done())) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
        if (Date.now() - lastLog > 30_000) [lastLog] = [Date.now(), log(`waiting for ${what} ...`)];
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await waitFor('fund.cycle.closed.v1', async () => tally!.of(topics.closed).distinct > 0, 30 * 60_000);
    const closedCycle = await cycles.findOne({ _id: CYCLE });
    const closeMemory = memory();
    const close = {
      lines: closedCycle?.slate?.lines,
      proposed_for_approval: closedCycle?.slate?.proposedForApproval ?? 0,
      cut_off_to_slate_stored_ms: new Date(closedCycle!.closedAt!).getTime() - cutOff.getTime(),
      cut_off_to_event_received_ms: tally.of(topics.closed).lastAt - cutOff.getTime(),
    };
    if (close.lines !== n) throw new Error(`the slate holds ${close.lines} lines, expected ${n}`);
    log(`closed: ${JSON.stringify(close)}; peak RSS ${closeMemory.peakMib} MiB`);
    const fundNodeOptionsUsed = [appNodeOptions('fund-proposals'), fundNodeOptions().NODE_OPTIONS ?? ''].filter(Boolean).join(' ');
    const machine = {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model,
      memory_gib: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    };
    if (options.closeOnly) {
      await tally.stop();
      tally = undefined;
      await service.stop('SIGTERM', 30_000);
      log('baseline: raw close ...');
      const rawCloseMs = await rawClose(proposals as never, scratch, close.proposed_for_approval);
      writeResult(options.out, {
        proposals: n,
        slate_lines: close.lines,
        cut_off_to_slate_stored_ms: close.cut_off_to_slate_stored_ms,
        baseline_close_ms: Math.round(rawCloseMs),
        ratio_close: ratio(close.cut_off_to_slate_stored_ms, rawCloseMs),
        peak_rss_after_close_mib: closeMemory.peakMib,
        details: {
          ran_at: new Date(seedStarted).toISOString(),
          machine,
          fund_node_options: fundNodeOptionsUsed,
          close,
          rss_mib: { idle_after_start: idle, after_close: closeMemory },
        },
      });
      return;
    }

    await call('POST', `/cycles/${CYCLE}/slate/prepare`, officer);
    const scrape = async (at: string) => parseMetrics(await (await fetch(`${at}/metrics`)).text());
    const metricsBefore = { fund: await scrape(url), notifications: await scrape(notificationsUrl) };
    const confirmedAt = Date.now();
    await call('POST', `/cycles/${CYCLE}/slate/confirm`, committee);
    // As many alerts as on the idle services, at the same rate, while the decisions and their notices go out.
    const duringAlerts: string[] = [];
    const alerting = (async () => {
      for (let i = 0; i < options.alerts; i += 1) {
        const due = confirmedAt + 1_000 + (i * 1000) / options.alertRate;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
        duringAlerts.push(await alert());
      }
    })();
    const decided = tally.of(topics.decided);
    await waitFor(
      `${n} fund.proposal.decided.v1`,
      async () => decided.distinct >= n && (await cycles.findOne({ _id: CYCLE }))?.status === 'confirmed',
      60 * 60_000,
    );
    const confirmedCycle = await cycles.findOne({ _id: CYCLE });
    // Every decision's notification planned: the notifications service has handled all N decision events
    // (its handler stores the deliveries and queues their jobs before it returns).
    let plannedAt = Number.NaN;
    await waitFor(
      `${n} decisions' notifications planned`,
      async () => (await handled(notificationsUrl, topics.decided)) >= n && (plannedAt = Date.now()) > 0,
      60 * 60_000,
    );
    // What a decision cost each service, from the /metrics delta between the confirm request and the last planned.
    const perDecision = {
      fund: serviceCost(deltaOf(metricsBefore.fund, await scrape(url)), n),
      notifications: serviceCost(deltaOf(metricsBefore.notifications, await scrape(notificationsUrl)), n),
    };
    await alerting;
    await expectEventually(async () => (alertsDone(duringAlerts) ? true : Promise.reject(new Error('alerts pending'))), {
      timeoutMs: 120_000,
      intervalMs: 100,
    });
    const alertsSummary =
      options.alerts > 0
        ? {
            rate_per_s: options.alertRate,
            idle: summarize(alertLatencies(idleAlerts)),
            during_confirmation: summarize(alertLatencies(duringAlerts)),
            during_after_the_decisions: duringAlerts.filter((ref) => alerts.sentAtOf(ref) > decided.lastAt).length,
          }
        : undefined;
    const deliveries = notificationsDb.collection('deliveries');
    // The decisions' deliveries (not the alerts'): one pass over the collection, after the measurement.
    const ofDecisions = { sourceTopic: TOPICS.fundProposalDecided };
    const deliveryCount = await deliveries.countDocuments(ofDecisions);
    const sampleDelivery = await deliveries.findOne(ofDecisions);
    const confirm = {
      decision_events: decided.distinct,
      duplicate_events: decided.duplicates,
      confirm_to_every_decision_event_ms: decided.lastAt - confirmedAt,
      confirm_to_every_notification_planned_ms: plannedAt - confirmedAt,
      deliveries_planned: deliveryCount,
      decisions_per_s: Math.round((n * 1000) / (decided.lastAt - confirmedAt)),
      cycle_status: confirmedCycle?.status,
      message_bytes: decided.meanBytes,
    };
    const peak = memory();
    log(`confirmed: ${JSON.stringify(confirm)}; peak RSS ${peak.peakMib} MiB`);
    await tally.stop();
    tally = undefined;
    await service.stop('SIGTERM', 30_000);
    await notifications.stop('SIGTERM', 30_000);

    log('baseline: raw close ...');
    const rawCloseMs = await rawClose(proposals as never, scratch, close.proposed_for_approval);
    log('baseline: raw confirmation ...');
    const raw = await rawConfirm(proposals as never, scratch, kafka, {
      topic: `${namespace}.bench.raw-decided`,
      messageBytes: decided.meanBytes,
      planning: {
        deliveries: scratch.collection('deliveries') as never,
        queue: rawQueue,
        recipients: notificationsDb.collection('recipients') as never,
        preferences: notificationsDb.collection('preferences') as never,
        recipientOf: (i) => `applicant-${i % APPLICANTS}`,
        perMessage: Math.round(deliveryCount / n),
        sample: { ...(sampleDelivery as object), _id: '' } as never,
      },
    });
    const rawConfirmMs = raw.confirmMs;
    const rawPlannedMs = raw.plannedMs!;
    const result = {
      proposals: n,
      slate_lines: close.lines,
      cut_off_to_slate_stored_ms: close.cut_off_to_slate_stored_ms,
      baseline_close_ms: Math.round(rawCloseMs),
      ratio_close: ratio(close.cut_off_to_slate_stored_ms, rawCloseMs),
      confirm_to_every_decision_event_ms: confirm.confirm_to_every_decision_event_ms,
      baseline_confirm_ms: Math.round(rawConfirmMs),
      ratio_confirm: ratio(confirm.confirm_to_every_decision_event_ms, rawConfirmMs),
      confirm_to_every_notification_planned_ms: confirm.confirm_to_every_notification_planned_ms,
      baseline_planned_ms: Math.round(rawPlannedMs),
      ratio_planned: ratio(confirm.confirm_to_every_notification_planned_ms, rawPlannedMs),
      ...(alertsSummary
        ? {
            alert_idle_p99_ms: alertsSummary.idle.p99_ms,
            alert_during_confirmation_p99_ms: alertsSummary.during_confirmation.p99_ms,
            alert_p99_ratio: ratio(alertsSummary.during_confirmation.p99_ms, alertsSummary.idle.p99_ms),
          }
        : {}),
      decision_events: confirm.decision_events,
      duplicate_events: confirm.duplicate_events,
      peak_rss_mib: peak.peakMib,
      details: {
        ran_at: new Date(seedStarted).toISOString(),
        machine,
        fund_node_options: fundNodeOptionsUsed,
        servers:
          infra.INFRA_SOURCE === 'local'
            ? 'scripts/infra: Kafka 4.1.1 (KRaft), FerretDB 1.24.2 (SQLite, patched), Redis'
            : infra.INFRA_SOURCE,
        close,
        confirm,
        rss_mib: { idle_after_start: idle, after_close: closeMemory, after_confirmation: peak },
        writes: writePlan(n, close.proposed_for_approval),
        per_decision: perDecision,
        ...(alertsSummary ? { alerts: alertsSummary } : {}),
        notifications: {
          recipients: APPLICANTS,
          deliveries_planned: deliveryCount,
          deliveries_per_decision: Math.round((deliveryCount / n) * 100) / 100,
          emails_received_by_the_sink_when_planned: smtp.received.length,
        },
      },
    };
    writeResult(options.out, result);
  } finally {
    await tally?.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await rawQueue.close().catch(() => undefined);
    await service.stop('SIGTERM', 15_000);
    await notifications.stop('SIGTERM', 15_000);
    await removeNamespace(namespace, db, kafka, infra.REDIS_URL).then(
      (removed) => log(`removed ${describeRemoved(removed)}`),
      (error: unknown) => log(`clean-up failed: ${String(error)}`),
    );
    await db.close();
    await smtp.stop();
    await releaseInfrastructure();
  }
}

function writeResult(out: string, result: Record<string, unknown> & { details: unknown }): void {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const { details: _details, ...headline } = result;
  process.stdout.write(`${JSON.stringify(headline)}\n`);
  log(`written to ${out}`);
}

runBenchMain(main, log);

function fundNodeOptions(): { NODE_OPTIONS?: string } {
  const options = [
    ...(process.env.BENCH_CPU_PROF_DIR ? [`--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []),
    ...(process.env.BENCH_FUND_NODE_OPTIONS ? [process.env.BENCH_FUND_NODE_OPTIONS] : []),
  ];
  return options.length > 0 ? { NODE_OPTIONS: options.join(' ') } : {};
}
