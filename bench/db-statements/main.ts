import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { provideInfrastructure, releaseInfrastructure, REPO_ROOT, runBenchMain, uniqueSuffix } from '@ctip/testing';
import mongoose from 'mongoose';

/**
 * `bash scripts/bench db-statements [--reports N] [--concurrency C] [--out FILE]`
 *
 * What the database server spends on the write shapes of an alert report's 11 deliveries, measured on the
 * real server the services use: N reports (default 300) at C at once (default 4), each one bulk command of
 * the shape, and the server's CPU per report when it is the local FerretDB of scripts/infra (its pid from
 * `.infra/run/ferretdb.pid`). The raw baseline in the same run: N × C `ping` round trips (the driver and
 * the wire, no statement). Shapes: the planned records inserted (11 documents of a delivery's size), their
 * sent marks as updates by `_id` guarded by the open state, the same marks as inserted settlements (11
 * small documents), a record per notice (3 documents of 4 channels) with its marks either one update
 * per channel or one merged update per notice, and one update of a case-shaped document (4 KB, a timeline
 * of 15). Writes bench/results/db-statements.json and drops its database.
 */

interface Options {
  reports: number;
  concurrency: number;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { reports: 300, concurrency: 4, out: join(REPO_ROOT, 'bench/results/db-statements.json') };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--reports') options.reports = Number(value);
    else if (flag === '--concurrency') options.concurrency = Number(value);
    else if (flag === '--out') options.out = value;
    else throw new Error(`unknown argument ${flag} (expected --reports N, --concurrency C, --out FILE)`);
  }
  for (const key of ['reports', 'concurrency'] as const)
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`${key} must be a positive integer`);
  return options;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const CHANNELS = ['email', 'sms', 'webhook', 'in-app'];
const OPEN = { $in: ['queued', 'retrying'] };

/** A delivery record of the size the notifications service stores (its facts are a case alert's). */
function delivery(id: string, channel: string): { _id: string } & Record<string, unknown> {
  const now = new Date();
  return {
    _id: id,
    sourceEventId: `event-${id}`,
    sourceTopic: 'case.alert.raised.v1',
    sourceType: 'case.alert.raised',
    sourceOccurredAt: now,
    aggregateKey: 'case-bench',
    correlationId: `corr-${id}`,
    recipientPersonId: 'fp-md-primary',
    channel,
    category: 'case-alert',
    urgency: 'critical',
    language: 'en',
    timeZone: 'Europe/Chisinau',
    facts: { caseRef: 'RR-2026-000123', urgency: 'critical', countries: ['MD'], summary: 'x'.repeat(300) },
    role: 'primary',
    status: 'queued',
    attempts: 0,
    interruptedAttempts: 0,
    dueAt: now,
    jobId: id,
    leaseUntil: null,
    claimToken: null,
    outbox: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** CPU seconds the local FerretDB has used so far, or undefined when the server is not the local one. */
function serverCpuSeconds(): number | undefined {
  const pidFile = join(REPO_ROOT, '.infra/run/ferretdb.pid');
  if (!existsSync(pidFile)) return undefined;
  const stat = `/proc/${readFileSync(pidFile, 'utf8').trim()}/stat`;
  if (!existsSync(stat)) return undefined;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const infra = await provideInfrastructure();
  const connection = await mongoose.createConnection(infra.MONGO_URL).asPromise();
  const db = connection.useDb(`ctip_bench_statements_${uniqueSuffix().replace(/-/g, '_')}`).db!;
  type Doc = { _id: string } & Record<string, unknown>;
  const records = db.collection<Doc>('deliveries');
  const settlements = db.collection<Doc>('settlements');
  const notices = db.collection<Doc>('notices');
  const results: Record<string, { reports_per_s: number; server_cpu_ms_per_report: number | null; statements_per_report: number }> = {};

  const measure = async (name: string, statements: number, shape: (report: number) => Promise<unknown>) => {
    const cpu0 = serverCpuSeconds();
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < options.reports) await shape(next++);
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const cpu1 = serverCpuSeconds();
    results[name] = {
      reports_per_s: Math.round(options.reports / seconds),
      server_cpu_ms_per_report:
        cpu0 === undefined || cpu1 === undefined ? null : Math.round(((cpu1 - cpu0) * 1000 * 100) / options.reports) / 100,
      statements_per_report: statements,
    };
    log(`${name}: ${results[name].reports_per_s} reports/s, server CPU ${results[name].server_cpu_ms_per_report ?? '?'} ms a report`);
  };
  const ids = (prefix: string, report: number, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${report}-${i}`);

  try {
    // Warm-up: the connections open, the collection holds documents before anything is measured.
    await measure('warm_up', 11, (r) =>
      records.insertMany(
        ids('warm', r, 11).map((id, i) => delivery(id, CHANNELS[i % 4])),
        { ordered: false },
      ),
    );
    await measure('raw_ping_round_trips', 0, () => db.command({ ping: 1 }));
    await measure('planned_records_inserted', 11, (r) =>
      records.insertMany(
        ids('d', r, 11).map((id, i) => delivery(id, CHANNELS[i % 4])),
        { ordered: false },
      ),
    );
    const at = () => new Date();
    await measure('sent_marks_as_updates', 11, (r) =>
      records.bulkWrite(
        ids('d', r, 11).map((id) => ({
          updateOne: { filter: { _id: id, status: OPEN }, update: { $set: { status: 'sent', sentAt: at(), attempts: 1 } } },
        })),
        { ordered: false },
      ),
    );
    await measure('sent_marks_as_settlement_inserts', 11, (r) =>
      settlements.insertMany(
        ids('d', r, 11).map((id) => ({ _id: id, status: 'sent', sentAt: at(), attempts: 1, interruptedAttempts: 0, outbox: [] })),
        { ordered: false },
      ),
    );
    const perNotice = (id: string) => {
      const { channel: _channel, ...rest } = delivery(id, 'email');
      return {
        ...rest,
        _id: id,
        channels: Object.fromEntries(CHANNELS.map((c) => [c, { status: 'queued', attempts: 0, jobId: `${id}-${c}` }])),
      };
    };
    await measure('records_per_notice_inserted', 3, (r) => notices.insertMany(ids('n', r, 3).map(perNotice), { ordered: false }));
    await measure('per_notice_marks_one_update_per_channel', 11, (r) =>
      notices.bulkWrite(
        ids('n', r, 3).flatMap((id, k) =>
          CHANNELS.slice(0, k === 2 ? 3 : 4).map((c) => ({
            updateOne: {
              filter: { _id: id, [`channels.${c}.status`]: OPEN },
              update: { $set: { [`channels.${c}.status`]: 'sent', [`channels.${c}.sentAt`]: at() } },
            },
          })),
        ),
        { ordered: false },
      ),
    );
    await measure('per_notice_marks_merged', 3, (r) =>
      notices.bulkWrite(
        ids('n', r, 3).map((id) => ({
          updateOne: { filter: { _id: id }, update: { $set: Object.fromEntries(CHANNELS.map((c) => [`channels.${c}.status`, 'sent'])) } },
        })),
        { ordered: false },
      ),
    );
    // A case document's shape (4 KB of fields and a timeline of 15 entries): what each filing of delivery
    // reports and each outbox removal costs case-coordination; one update per report here.
    const cases = db.collection<Doc>('cases');
    const timeline = Array.from({ length: 15 }, (_, k) => ({
      id: `entry-${k}`,
      at: new Date(),
      type: 'notification.delivered',
      details: { channel: 'email', attempts: 1 },
    }));
    await cases.insertMany(
      Array.from({ length: options.reports }, (_, r) => ({ _id: `case-${r}`, fields: 'x'.repeat(4000), timeline, filedReports: {} })),
      { ordered: false },
    );
    await measure('case_document_update', 1, (r) =>
      cases.updateOne(
        { _id: `case-${r}`, [`filedReports.r${r}`]: { $exists: false } },
        { $set: { [`filedReports.r${r}`]: true, updatedAt: at() } },
      ),
    );
  } finally {
    await db.dropDatabase();
    await connection.close();
    await releaseInfrastructure();
  }
  const report = {
    ran_at: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model },
    server: { mongo_url_host: new URL(infra.MONGO_URL).host, source: infra.INFRA_SOURCE },
    reports: options.reports,
    concurrency: options.concurrency,
    deliveries_per_report: 11,
    shapes: results,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${options.out}`);
}

runBenchMain(main, log);
