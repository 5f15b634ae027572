import { deadLetterTopicOf } from '@ctip/contracts';
import { createTopics, expectEventually, ServiceProcess, testKafka, uniqueSuffix } from '@ctip/testing';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';

const PROBE = 'libs/testing/src/fixtures/probe/probe.main.js';

/**
 * Cross-process proof of the backbone: an event written through the outbox in one process reaches a
 * consumer in another exactly once in effect, through crashes on either side and duplicate delivery.
 */
describe('outbox to consumer across processes', () => {
  const kafka = testKafka();
  const processes: ServiceProcess[] = [];
  let db: Connection;
  let redis: Redis;
  let run: string;
  let topic: string;

  const spawnProbe = (role: 'producer' | 'consumer', env: Record<string, string> = {}) => {
    const proc = new ServiceProcess(`probe-${role}-${run}`, PROBE, {
      PROBE_ROLE: role,
      PROBE_SERVICE: `probe_${role}_${run}`,
      PROBE_TOPIC: topic,
      PROBE_PREFIX: run,
      ...env,
    }).start();
    processes.push(proc);
    return proc;
  };

  const effects = () => db.useDb(`ctip_probe_consumer_${run}`).collection<{ _id: string; applied: number }>('probe_effects');

  const expectEachAppliedOnce = async (count: number, timeoutMs = 60_000) =>
    expectEventually(
      async () => {
        const docs = await effects().find({}).toArray();
        expect(docs.filter((d) => d.applied !== 1)).toEqual([]);
        expect(docs).toHaveLength(count);
      },
      { timeoutMs, intervalMs: 200 },
    );

  beforeAll(async () => {
    db = await mongoose.createConnection(process.env.MONGO_URL!).asPromise();
    redis = new Redis(process.env.REDIS_URL!);
  });

  beforeEach(async () => {
    run = uniqueSuffix();
    topic = `probe.recorded-${run}.v1`;
    await createTopics(kafka, [topic]);
    await createTopics(kafka, [deadLetterTopicOf(topic)], 1);
  });

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
  });

  const redisDel = (key: string) => redis.del(key);

  afterAll(async () => {
    redis.disconnect();
    await db.close();
  });

  it('delivers every event once in effect when the consumer is killed mid-batch and restarted', async () => {
    // Slow enough per message (400 × 25 ms ≥ 10 s) that the kill lands mid-batch even on a loaded machine.
    const consumer = spawnProbe('consumer', { PROBE_HANDLER_DELAY_MS: '25' });
    await consumer.waitForLog(/kafka consumer started/);
    const producer = spawnProbe('producer', { PROBE_COUNT: '400' });
    await producer.waitForLog(/probe producer published 400/, 60_000);

    await expectEventually(async () => expect(await effects().countDocuments()).toBeGreaterThan(50), { timeoutMs: 30_000 });
    consumer.kill('SIGKILL');
    await consumer.waitForExit();
    const appliedBeforeCrash = await effects().countDocuments();
    expect(appliedBeforeCrash).toBeLessThan(400);

    spawnProbe('consumer', { PROBE_HANDLER_DELAY_MS: '5' });
    await expectEachAppliedOnce(400);
  });

  it('applies a Kafka message delivered twice once', async () => {
    const producer = spawnProbe('producer', { PROBE_COUNT: '3' });
    await producer.waitForLog(/probe producer published 3/);
    // Deliver the same messages a second time, byte for byte, as a producer retry or a replay would.
    const recorder = kafka.consumer({ groupId: `replay-${run}` });
    const originals: { key: Buffer | null; value: Buffer | null }[] = [];
    await recorder.connect();
    await recorder.subscribe({ topics: [topic], fromBeginning: true });
    await recorder.run({ eachMessage: async ({ message }) => void originals.push({ key: message.key, value: message.value }) });
    await expectEventually(() => expect(originals).toHaveLength(3));
    await recorder.disconnect();
    const replay = kafka.producer();
    await replay.connect();
    await replay.send({ topic, messages: originals });
    await replay.disconnect();

    const consumer = spawnProbe('consumer');
    await expectEachAppliedOnce(3);
    const invocations = await db.useDb(`ctip_probe_consumer_${run}`).collection('probe_invocations').find({}).toArray();
    // The inbox skipped the duplicates before the handler ran.
    expect(invocations.map((i) => i.count)).toEqual([1, 1, 1]);
    await consumer.waitForLog(/kafka consumer started/);
  });

  const pendingEntries = () =>
    db
      .useDb(`ctip_probe_producer_${run}`)
      .collection('probes')
      .countDocuments({ 'outbox.0': { $exists: true } });

  const crashAfterWrites = async () => {
    const crashing = spawnProbe('producer', { PROBE_COUNT: '20', PROBE_CRASH_AFTER_WRITE: '1' });
    await crashing.waitForExit();
    expect(crashing.signal).toBe('SIGKILL');
    expect(await effects().countDocuments()).toBe(0);
    expect(await pendingEntries()).toBe(20);
  };

  it('publishes through the pending index, without a scan, when the producer dies between the write and the publish', async () => {
    const consumer = spawnProbe('consumer');
    await consumer.waitForLog(/kafka consumer started/);
    // A replica that outlives the crash; its one full scan ran at its start, before anything was written.
    const survivor = spawnProbe('producer', { PROBE_COUNT: '0', PROBE_FULL_SWEEP_MS: String(3_600_000) });
    await survivor.waitForLog(/probe producer published 0/);
    await crashAfterWrites();
    // Marked before the writes: the survivor's sweeper finds the 20 documents by key.
    await expectEachAppliedOnce(20);
    await survivor.waitForLog(/outbox sweeper published entries left behind/);
    await expectEventually(async () => expect(await pendingEntries()).toBe(0));
  });

  it('publishes through the full scan at start when the pending index was lost with the crash', async () => {
    const consumer = spawnProbe('consumer');
    await consumer.waitForLog(/kafka consumer started/);
    await crashAfterWrites();
    // Redis lost the index (e.g. restarted without its append-only file).
    await redisDel(`ctip:probe_producer_${run}:outbox:pending`);

    // The restarted process writes nothing new; its first sweep scans and publishes what the crash left behind.
    const restarted = spawnProbe('producer', { PROBE_COUNT: '0' });
    await expectEachAppliedOnce(20);
    await restarted.waitForLog(/outbox sweeper published entries left behind/);
    await expectEventually(async () => expect(await pendingEntries()).toBe(0));
  });
});
