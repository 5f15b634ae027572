import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys } from '@ctip/auth';
import { ServiceProcess, uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { attendanceRates, reachesThreshold } from '../attendance/attendance-rate';
import { DEFAULT_ATTENDANCE_THRESHOLD } from '../reminders/event-settings';
import { DEMO_EVENT_IDS, demoTrainingEvents } from './demo-training';
import { TrainingSeeder } from './training-seeder';

/** The training seed as an operator runs it: the compiled script, its own process, the real servers, twice. */
describe(TrainingSeeder.name, () => {
  const namespace = `it-${uniqueSuffix()}`;
  const count = demoTrainingEvents().length;
  let db: Connection;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = (await mongoose.createConnection(process.env.MONGO_URL!).asPromise()).useDb(
      `ctip_${namespace.replace(/-/g, '_')}_training_events`,
    );
    const { jwksFile } = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-training-seed-')));
    env = {
      NAMESPACE: namespace,
      JWT_ISSUER: 'http://localhost/ctip-training-test',
      JWT_AUDIENCE: 'ctip-api',
      JWT_JWKS_FILE: jwksFile,
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await db?.close();
  });

  const runSeed = async (): Promise<string> => {
    const seed = new ServiceProcess(`training-seed-${uniqueSuffix(4)}`, 'apps/training-events/src/cli/seed.js', env).start();
    await seed.waitForExit();
    expect(seed.exitCode).toBe(0);
    return seed.output();
  };

  it('loads the demo events marked demo, and a second run changes nothing', async () => {
    expect(await runSeed()).toContain(`training seed done: events created=${count} updated=0 unchanged=0`);
    const stored = await db
      .collection('training_events')
      .find({}, { projection: { demo: 1, revision: 1, outbox: 1 } })
      .toArray();
    expect(stored).toHaveLength(count);
    expect(stored.every((e) => e.demo === true && e.revision === 1 && e.outbox.length === 0)).toBe(true);
    expect(await runSeed()).toContain(`training seed done: events created=0 updated=0 unchanged=${count}`);
    const again = await db
      .collection('training_events')
      .find({}, { projection: { revision: 1 } })
      .toArray();
    expect(again.every((e) => e.revision === 1)).toBe(true);
  });

  it('seats the focal points at the training of trainers, present at every session, so each mission training cascades from trainers trained there', async () => {
    await runSeed();
    const tot = (await db.collection('training_events').findOne({ _id: DEMO_EVENT_IDS.trainingOfTrainers } as never))!;
    const downstream = demoTrainingEvents().filter((e) => e.cascadeFromEventId === DEMO_EVENT_IDS.trainingOfTrainers);
    const trainers = [...new Set(downstream.flatMap((e) => e.sessions.flatMap((s) => s.trainerIds)))];
    expect(trainers).toHaveLength(11);
    expect([...tot.seats.confirmed].sort()).toEqual([...trainers].sort());
    const registrations = await db
      .collection('training_registrations')
      .find({ _id: { $in: trainers.map((t) => `${tot._id}:${t}`) } } as never)
      .toArray();
    expect(registrations.map((r) => r.state)).toEqual(trainers.map(() => 'confirmed'));
    const registers = await db
      .collection('training_attendance')
      .find({ _id: { $in: tot.sessions.map((s: { sessionId: string }) => `${tot._id}/${s.sessionId}`) } } as never)
      .toArray();
    expect(registers).toHaveLength(3);
    const rates = attendanceRates(
      trainers,
      registers.map((r) => ({
        sessionId: r.sessionId,
        entries: Object.fromEntries(r.entries.map((e: { participantId: string; status: string }) => [e.participantId, e.status])),
      })),
    );
    expect(rates.every((r) => reachesThreshold(r, DEFAULT_ATTENDANCE_THRESHOLD))).toBe(true);
  });
});
