import { namespacedTopic } from '@ctip/messaging';
import { ensureDevKeys } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { expectEventually, ServiceProcess, testKafka, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDirectory } from './demo-directory';
import { DirectorySeeder } from './directory-seeder';

interface Stored {
  _id: string;
  revision: number;
  outbox: unknown[];
}

/** The seed command as an operator runs it: the compiled script, its own process, the real servers. */
describe(DirectorySeeder.name, () => {
  const demo = demoDirectory();
  const ids = {
    organisations: demo.organisations.map((o) => o.organisationId),
    people: demo.people.map((p) => p.personId),
    rosters: demo.rosters.map((r) => r.presenceId),
  };
  let db: Connection;
  let env: Record<string, string>;
  // A fresh namespace: the seed's events and documents never reach a running system's topics or database.
  const namespace = `it-${uniqueSuffix()}`;

  beforeAll(async () => {
    db = (await mongoose.createConnection(process.env.MONGO_URL!).asPromise()).useDb(`ctip_${namespace.replace(/-/g, '_')}_directory`);
    const { jwksFile } = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-directory-seed-')));
    env = {
      NAMESPACE: namespace,
      JWT_ISSUER: 'http://localhost/ctip-directory-test',
      JWT_AUDIENCE: 'ctip-api',
      JWT_JWKS_FILE: jwksFile,
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    await db?.close();
  });

  const runSeed = async (): Promise<string> => {
    const seed = new ServiceProcess(`directory-seed-${uniqueSuffix(4)}`, 'apps/directory/src/cli/seed.js', env).start();
    await seed.waitForExit();
    expect(seed.output()).not.toMatch(/demo\.example\.org|\+999/);
    expect(seed.exitCode).toBe(0);
    return seed.output();
  };

  const stored = async () => {
    const read = async (collection: string, wanted: string[]) =>
      (
        await db
          .collection<Stored>(collection)
          .find({ _id: { $in: wanted } }, { projection: { revision: 1, outbox: 1 } })
          .toArray()
      ).sort((a, b) => a._id.localeCompare(b._id));
    return {
      organisations: await read('organisations', ids.organisations),
      people: await read('people', ids.people),
      rosters: await read('rosters', ids.rosters),
    };
  };

  it('loads the demo directory, and a second run changes nothing and publishes nothing', async () => {
    await runSeed();
    const afterFirst = await stored();
    expect(afterFirst.organisations).toHaveLength(29);
    expect(afterFirst.people).toHaveLength(99);
    expect(afterFirst.rosters).toHaveLength(11);
    const pending = Object.values(afterFirst).flatMap((docs) => docs.filter((d) => d.outbox.length > 0).map((d) => d._id));
    expect(pending).toEqual([]);

    const second = await runSeed();
    expect(second).toMatch(
      /organisations created=0 updated=0 unchanged=29; people created=0 updated=0 unchanged=99; rosters created=0 updated=0 unchanged=11; contact points verified=0/,
    );
    // Every event is written with a new revision, in the same write: unchanged revisions and empty outboxes mean no event.
    expect(await stored()).toEqual(afterFirst);
    // Two full seed runs through the API layer: about 170 writes each on the write-serialized test database.
  }, 300_000);

  it('publishes the current state of every demo record', async () => {
    await runSeed();
    const now = await stored();
    const recorder = await new TopicRecorder(testKafka(), `directory-seed-test-${uniqueSuffix()}`).start(
      [TOPICS.directoryOrganisationChanged, TOPICS.directoryPersonChanged, TOPICS.directoryRosterChanged].map((t) =>
        namespacedTopic(t, namespace),
      ),
    );
    try {
      const latest = (topic: string) => {
        const revisions = new Map<string, number>();
        for (const message of recorder.of(namespacedTopic(topic, namespace))) {
          const revision = (JSON.parse(message.value ?? '{}') as { data: { revision: number } }).data.revision;
          if (message.key) revisions.set(message.key, Math.max(revision, revisions.get(message.key) ?? 0));
        }
        return revisions;
      };
      await expectEventually(
        () => {
          const check = (topic: string, docs: Stored[]) => {
            const published = latest(topic);
            expect(docs.map((d) => [d._id, published.get(d._id)])).toEqual(docs.map((d) => [d._id, d.revision]));
          };
          check(TOPICS.directoryOrganisationChanged, now.organisations);
          check(TOPICS.directoryPersonChanged, now.people);
          check(TOPICS.directoryRosterChanged, now.rosters);
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    } finally {
      await recorder.stop();
    }
  });
});
