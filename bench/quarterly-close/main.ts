import { readFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureDevKeys, mintDevToken } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import {
  describeRemoved,
  expectEventually,
  provideInfrastructure,
  releaseInfrastructure,
  removeNamespace,
  REPO_ROOT,
  serviceEnv,
  ServiceProcess,
  testKafka,
  uniqueSuffix,
  runBenchMain,
} from '@ctip/testing';
import type { Kafka } from 'kafkajs';
import mongoose from 'mongoose';
import { EventTally, memoryOf, ratio, writePlan } from './accounting';
import { rawClose, rawConfirm } from './baseline';

/**
 * `npm run bench:quarterly-close -- [--proposals N] [--out FILE]`
 *
 * Closes a fund cycle of N reviewed proposals (default 10,000) with fund-proposals as its own process
 * (from dist, as `npm start` runs it) on the real servers: N `reviewed` proposals are inserted in bulk
 * into its database, a cycle is created with its cut-off a few seconds ahead, and the scheduled close
 * runs. Measured: cut-off → `fund.cycle.closed.v1` received (slate of N lines); confirm request → every
 * `fund.proposal.decided.v1` received (distinct proposals); the service's peak RSS (VmHWM). Then, in the
 * same run on the same servers, the raw baseline: the same cursor, bulk writes and Kafka messages
 * without the service. Removes its databases, topics and Redis keys at the end.
 */

interface Options {
  proposals: number;
  out: string;
  /** Stop after the close (no confirmation or baseline of it): for the close's memory at sizes whose confirmation takes too long. */
  closeOnly: boolean;
}

function parseOptions(argv: string[]): Options {
  let proposals = Number(process.env.BENCH_PROPOSALS ?? 10_000);
  let out: string | undefined;
  let closeOnly = false;
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--proposals') proposals = Number(value);
    else if (flag === '--out') out = value;
    else if (flag === '--close-only') [closeOnly, i] = [true, i - 1];
    else throw new Error(`unknown argument ${flag} (expected --proposals N, --out FILE, --close-only)`);
  }
  if (!Number.isInteger(proposals) || proposals < 1) throw new Error('--proposals must be a positive integer');
  const name = `quarterly-close${proposals === 10_000 ? '' : `-${proposals}`}${closeOnly ? '-close-only' : ''}.json`;
  return { proposals, out: out ?? join(REPO_ROOT, 'bench/results', name), closeOnly };
}

const PORT = 14601;
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
    // BENCH_CPU_PROF_DIR=dir: the service writes a V8 CPU profile there when it stops.
    ...(process.env.BENCH_CPU_PROF_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}` } : {}),
  };
  const service = new ServiceProcess(`qbench-fund-proposals-${run}`, 'apps/fund-proposals/src/main.js', env);
  const url = `http://127.0.0.1:${PORT}`;
  const memory = () => memoryOf(readFileSync(`/proc/${service.pid}/status`, 'utf8'));
  const topics = {
    closed: namespacedTopic(TOPICS.fundCycleClosed, namespace),
    decided: namespacedTopic(TOPICS.fundProposalDecided, namespace),
  };
  let tally: Awaited<ReturnType<typeof tallyTopics>> | undefined;

  try {
    log(`namespace ${namespace}; ${n} proposals; servers: kafka ${infra.KAFKA_BROKERS}, db ${infra.MONGO_URL}, redis ${infra.REDIS_URL}`);
    // A service left running on the port (an interrupted run) would answer in this one's place.
    if ((await fetch(`${url}/health/live`).catch(() => undefined)) !== undefined)
      throw new Error(`port ${PORT} is in use: stop the process listening there first`);
    service.start();
    await expectEventually(
      async () => ((await fetch(`${url}/health/ready`)).status === 200 ? true : Promise.reject(new Error('not ready'))),
      {
        timeoutMs: 120_000,
        intervalMs: 250,
      },
    );
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
    const cycles = fundDb.collection<{ _id: string; status: string; closedAt?: Date; slate?: { lines: number } }>('fund_cycles');
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
      cut_off_to_slate_stored_ms: new Date(closedCycle!.closedAt!).getTime() - cutOff.getTime(),
      cut_off_to_event_received_ms: tally.of(topics.closed).lastAt - cutOff.getTime(),
    };
    if (close.lines !== n) throw new Error(`the slate holds ${close.lines} lines, expected ${n}`);
    log(`closed: ${JSON.stringify(close)}; peak RSS ${closeMemory.peakMib} MiB`);
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
      const rawCloseMs = await rawClose(proposals as never, scratch);
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
          close,
          rss_mib: { idle_after_start: idle, after_close: closeMemory },
        },
      });
      return;
    }

    await call('POST', `/cycles/${CYCLE}/slate/prepare`, officer);
    const confirmedAt = Date.now();
    await call('POST', `/cycles/${CYCLE}/slate/confirm`, committee);
    const decided = tally.of(topics.decided);
    await waitFor(
      `${n} fund.proposal.decided.v1`,
      async () => decided.distinct >= n && (await cycles.findOne({ _id: CYCLE }))?.status === 'confirmed',
      60 * 60_000,
    );
    const confirmedCycle = await cycles.findOne({ _id: CYCLE });
    const confirm = {
      decision_events: decided.distinct,
      duplicate_events: decided.duplicates,
      confirm_to_every_decision_event_ms: decided.lastAt - confirmedAt,
      decisions_per_s: Math.round((n * 1000) / (decided.lastAt - confirmedAt)),
      cycle_status: confirmedCycle?.status,
      message_bytes: decided.meanBytes,
    };
    const peak = memory();
    log(`confirmed: ${JSON.stringify(confirm)}; peak RSS ${peak.peakMib} MiB`);
    await tally.stop();
    tally = undefined;
    await service.stop('SIGTERM', 30_000);

    log('baseline: raw close ...');
    const rawCloseMs = await rawClose(proposals as never, scratch);
    log('baseline: raw confirmation ...');
    const rawConfirmMs = await rawConfirm(scratch, kafka, { topic: `${namespace}.bench.raw-decided`, messageBytes: decided.meanBytes });
    const result = {
      proposals: n,
      slate_lines: close.lines,
      cut_off_to_slate_stored_ms: close.cut_off_to_slate_stored_ms,
      baseline_close_ms: Math.round(rawCloseMs),
      ratio_close: ratio(close.cut_off_to_slate_stored_ms, rawCloseMs),
      confirm_to_every_decision_event_ms: confirm.confirm_to_every_decision_event_ms,
      baseline_confirm_ms: Math.round(rawConfirmMs),
      ratio_confirm: ratio(confirm.confirm_to_every_decision_event_ms, rawConfirmMs),
      decision_events: confirm.decision_events,
      duplicate_events: confirm.duplicate_events,
      peak_rss_mib: peak.peakMib,
      details: {
        ran_at: new Date(seedStarted).toISOString(),
        machine,
        servers:
          infra.INFRA_SOURCE === 'local'
            ? 'scripts/infra: Kafka 4.1.1 (KRaft), FerretDB 1.24.2 (SQLite, patched), Redis'
            : infra.INFRA_SOURCE,
        close,
        confirm,
        rss_mib: { idle_after_start: idle, after_close: closeMemory, after_confirmation: peak },
        writes: writePlan(n),
        notifications_planned: 'not measured (notifications and directory not started in this benchmark)',
      },
    };
    writeResult(options.out, result);
  } finally {
    await tally?.stop().catch(() => undefined);
    await service.stop('SIGTERM', 15_000);
    await removeNamespace(namespace, db, kafka, infra.REDIS_URL).then(
      (removed) => log(`removed ${describeRemoved(removed)}`),
      (error: unknown) => log(`clean-up failed: ${String(error)}`),
    );
    await db.close();
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
