import { uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';

/**
 * The services rely on what MongoDB guarantees: a conditional update of one document is atomic.
 * FerretDB 1.x on SQLite does not provide it by itself (FerretDB#3040); the local launcher serializes
 * writes to restore it. This test keeps whatever database the tests run on honest.
 */
describe('single-document atomicity of the test database', () => {
  let db: Connection;

  beforeAll(async () => {
    db = await mongoose
      .createConnection(process.env.MONGO_URL!, { dbName: `ctip_atomicity_${uniqueSuffix()}`, maxPoolSize: 16 })
      .asPromise();
  });

  afterAll(async () => {
    await db.close();
  });

  it('lets exactly one of many concurrent version-guarded updates win, and loses none of its changes', async () => {
    const docs = db.collection<{ _id: string; version: number; log: number[] }>('guarded');
    for (let round = 0; round < 10; round += 1) {
      const id = `doc-${round}`;
      await docs.insertOne({ _id: id, version: 0, log: [] });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => docs.updateOne({ _id: id, version: 0 }, { $inc: { version: 1 }, $push: { log: i } })),
      );
      expect(results.filter((r) => r.matchedCount === 1)).toHaveLength(1);
      expect((await docs.findOne({ _id: id }))!.log).toHaveLength(1);
    }
  });

  it('counts every one of many concurrent increments', async () => {
    const counters = db.collection<{ _id: string; seq: number }>('counters');
    await Promise.all(
      Array.from({ length: 50 }, () =>
        counters.findOneAndUpdate({ _id: 'c' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }),
      ),
    );
    expect((await counters.findOne({ _id: 'c' }))!.seq).toBe(50);
  });
});
