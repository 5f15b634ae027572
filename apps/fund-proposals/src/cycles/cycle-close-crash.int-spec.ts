import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken, type Role } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import { expectEventually, ServiceProcess, serviceEnv, testKafka, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { proposalFixture } from '../testing/fund-cycle.fixtures';
import type { FundCycleDocument } from './fund-cycle.schema';

const PROPOSALS = 2_000;
/** Resuming waits for BullMQ's stalled-job check (lock and check every JOB_STALL_CHECK_MS, 5 s here) to hand the killed worker's job over. */
const DRILL_TIMEOUT_MS = 420_000;

/**
 * The drill the issue asks for: two instances of the compiled service (`bash scripts/build` first) on one
 * namespace; the one running the scheduled close is SIGKILLed mid-close and restarted; later the one
 * applying the committee's decisions is SIGKILLed mid-confirmation and restarted. Every reviewed proposal
 * ends on the slate exactly once, one close event, and every proposal is decided exactly once.
 */
describe('quarterly close with an instance killed mid-close', () => {
  const run = uniqueSuffix();
  const ns = `it-${run}`;
  const issuer = 'http://localhost/ctip-fund-drill';
  const audience = 'ctip-api';
  const cycleId = '2045-Q1';
  let keys: Awaited<ReturnType<typeof ensureDevKeys>>;
  let db: Connection;
  let recorder: TopicRecorder;
  const instances: { proc: ServiceProcess; url: string }[] = [];

  const start = (name: string, port: number) => {
    const proc = new ServiceProcess(`fund-proposals-${name}-${run}`, 'apps/fund-proposals/src/main.js', {
      PORT: String(port),
      ...serviceEnv({ namespace: ns, issuer, audience, jwksFile: keys.jwksFile }),
      LOG_LEVEL: 'info',
      OUTBOX_SWEEP_INTERVAL_MS: '500',
      OUTBOX_GRACE_MS: '2000',
      JOB_STALL_CHECK_MS: '5000',
    }).start();
    const instance = { proc, url: `http://127.0.0.1:${port}` };
    instances.push(instance);
    return instance;
  };
  const ready = (url: string) =>
    expectEventually(async () => expect((await fetch(`${url}/health/ready`)).status).toBe(200), { timeoutMs: 60_000, intervalMs: 200 });
  const cycle = async () => (await db.collection<FundCycleDocument>('fund_cycles').findOne({ _id: cycleId }))!;
  const token = (subject: string, roles: Role[]) => mintDevToken({ ...keys, issuer, audience, subject, roles });
  const post = async (url: string, path: string, auth: string) =>
    (await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${auth}` } })).status;
  /** The instance whose log last says it started `message` (it holds the work's lease). */
  const workingOn = (message: string) =>
    instances.filter((i) => i.proc.running).find((i) => i.proc.lines.some((line) => line.includes(message) && line.includes(cycleId)));

  beforeAll(async () => {
    keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-fund-drill-keys-')));
    db = await mongoose.createConnection(process.env.MONGO_URL!, { dbName: `ctip_${ns}_fund_proposals`.replace(/-/g, '_') }).asPromise();
    const docs = Array.from({ length: PROPOSALS }, (_, i) => ({
      ...proposalFixture(run, { score: 2 + (i % 31) / 10, amount: 1_000_00 + (i % 7) * 100 }),
      version: 0,
      createdAt: new Date(),
      updatedAt: new Date(),
    }));
    for (let i = 0; i < docs.length; i += 1_000) await db.collection('proposals').insertMany(docs.slice(i, i + 1_000) as never[]);
    // Created as POST /cycles creates it, with its cut-off a few seconds after both instances are up.
    const envelope = 2_000_000_00;
    await db.collection('fund_cycles').insertOne({
      _id: cycleId as never,
      status: 'open',
      cutOff: new Date(Date.now() + 20_000),
      decisionDate: new Date(Date.now() + 86_400_000),
      currency: 'EUR',
      quarterAmount: envelope,
      carryOver: 0,
      carriedIn: {},
      envelope,
      urgentReserve: envelope / 5,
      committed: 0,
      urgentCommitted: 0,
      commitments: {},
      createdBy: 'officer-drill',
      outbox: [],
      version: 0,
    });
    const [a, b] = [start('a', 14321), start('b', 14322)];
    await Promise.all([ready(a.url), ready(b.url)]);
    recorder = await new TopicRecorder(testKafka(), `fund-drill-${run}`).start(
      [TOPICS.fundCycleClosed, TOPICS.fundProposalDecided].map((t) => namespacedTopic(t, ns)),
    );
  });

  afterAll(async () => {
    await recorder?.stop();
    for (const { proc } of instances) await proc.stop();
    await db?.close();
  });

  it(
    'closes once with every reviewed proposal on the slate once, and decides each once, through two SIGKILLs',
    async () => {
      const closer = await expectEventually(
        async () => {
          const current = await cycle();
          expect(current.closing?.linesWritten ?? 0).toBeGreaterThan(0);
          const holder = workingOn('building the slate');
          expect(holder).toBeDefined();
          return holder!;
        },
        { timeoutMs: 60_000, intervalMs: 20 },
      );
      closer.proc.kill('SIGKILL');
      await closer.proc.waitForExit();
      const atKill = await cycle();
      expect(atKill.status).toBe('closing');
      expect(atKill.closing!.linesWritten).toBeLessThan(PROPOSALS);
      const restarted = start(`${closer.proc.name.includes('-a-') ? 'a' : 'b'}-again`, 14323);
      await ready(restarted.url);

      const closed = await expectEventually(
        async () => {
          const current = await cycle();
          expect(current.status).toBe('closed');
          return current;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      expect(closed.slate?.lines).toBe(PROPOSALS);
      const lines = await db.collection('fund_slate_lines').find({ cycleId }).project({ proposalId: 1, rank: 1 }).toArray();
      expect(lines).toHaveLength(PROPOSALS);
      expect(new Set(lines.map((l) => l.proposalId)).size).toBe(PROPOSALS);
      expect(new Set(lines.map((l) => l.rank)).size).toBe(PROPOSALS);
      expect(await db.collection('proposals').countDocuments({ status: 'on-slate', cycleId })).toBe(PROPOSALS);
      await expectEventually(() => expect(recorder.of(namespacedTopic(TOPICS.fundCycleClosed, ns))).toHaveLength(1), { timeoutMs: 20_000 });

      const live = instances.filter((i) => i.proc.running);
      expect(await post(live[0].url, `/cycles/${cycleId}/slate/prepare`, await token('officer-drill', ['fund-officer']))).toBe(200);
      expect(await post(live[1].url, `/cycles/${cycleId}/slate/confirm`, await token('member-drill', ['fund-committee']))).toBe(202);
      const applier = await expectEventually(
        async () => {
          const progress = await db.collection<{ _id: string; applied: number }>('fund_confirmation_progress').findOne({ _id: cycleId });
          expect(progress?.applied ?? 0).toBeGreaterThan(0);
          const holder = workingOn('applying the slate');
          expect(holder).toBeDefined();
          return holder!;
        },
        { timeoutMs: 60_000, intervalMs: 20 },
      );
      applier.proc.kill('SIGKILL');
      await applier.proc.waitForExit();
      expect((await cycle()).status).toBe('confirming');
      const again = start('confirm-again', 14324);
      await ready(again.url);

      const confirmed = await expectEventually(
        async () => {
          const current = await cycle();
          expect(current.status).toBe('confirmed');
          return current;
        },
        { timeoutMs: 180_000, intervalMs: 500 },
      );
      const { approved = 0, deferred = 0, declined = 0 } = confirmed.confirmation!;
      expect(approved + deferred + declined).toBe(PROPOSALS);
      expect(confirmed.committed).toBeLessThanOrEqual(confirmed.envelope - confirmed.urgentReserve);
      expect(await db.collection('proposals').countDocuments({ status: { $in: ['approved', 'deferred', 'declined'] }, cycleId })).toBe(
        PROPOSALS,
      );
      await expectEventually(
        () => {
          const keys = recorder.of(namespacedTopic(TOPICS.fundProposalDecided, ns)).map((m) => m.key);
          expect(new Set(keys).size).toBe(PROPOSALS);
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      // The outbox publishes at least once: a decision whose event was sent just before the kill may be sent again,
      // under the same event id (consumers deduplicate by it); no proposal ever gets a second decision.
      const byKey = new Map<string, Set<string>>();
      for (const m of recorder.of(namespacedTopic(TOPICS.fundProposalDecided, ns)))
        byKey.set(m.key!, (byKey.get(m.key!) ?? new Set()).add((JSON.parse(m.value!) as { id: string }).id));
      expect([...byKey.values()].filter((ids) => ids.size > 1)).toEqual([]);
      // Every approval opened one project and one public-list entry, the batch cut by the kill included.
      expect(await db.collection('projects').countDocuments({ cycleId })).toBe(approved);
      expect(await db.collection('public_projects').countDocuments({})).toBe(approved);
    },
    DRILL_TIMEOUT_MS,
  );
});
