import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys } from '@ctip/auth';
import { ServiceProcess, uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { demoTrainingEvents } from './demo-training';
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
});
