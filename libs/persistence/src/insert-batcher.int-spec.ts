import { uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { insertAllIfAbsent } from './chunked-bulk-write';
import { InsertBatcher } from './insert-batcher';

/** Group commit of inserts on the test database: concurrent callers share commands, and each learns its own refusals. */
describe('InsertBatcher on the test database', () => {
  let db: Connection;
  let inserts = 0;

  beforeAll(async () => {
    db = await mongoose
      .createConnection(process.env.MONGO_URL!, { dbName: `ctip_inserts_${uniqueSuffix()}`, monitorCommands: true })
      .asPromise();
    db.getClient().on('commandStarted', (event) => {
      if (event.commandName === 'insert') inserts += 1;
    });
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('stores 100 concurrent callers’ documents in a few commands and tells each which of its ids were taken', async () => {
    const docs = db.collection<{ _id: string; by: number }>('docs');
    // Ids taken already: the second document of callers 10 and 70.
    await docs.insertMany([
      { _id: 'c10-1', by: -1 },
      { _id: 'c70-1', by: -1 },
    ]);
    const batcher = new InsertBatcher(docs);
    inserts = 0;
    const refused = await Promise.all(
      Array.from({ length: 100 }, (_, c) =>
        batcher.insertAllIfAbsent([
          { _id: `c${c}-0`, by: c },
          { _id: `c${c}-1`, by: c },
        ]),
      ),
    );
    // The first caller goes alone; the others wait for it and go together, at most 100 documents a command.
    expect(inserts).toBeLessThanOrEqual(4);
    expect(refused[10]).toEqual([1]);
    expect(refused[70]).toEqual([1]);
    expect(refused.filter((r) => r.length > 0)).toHaveLength(2);
    expect(await docs.countDocuments()).toBe(200);
    // The taken ids kept their first document.
    expect(await docs.findOne({ _id: 'c10-1' })).toMatchObject({ by: -1 });
    expect(await docs.findOne({ _id: 'c11-1' })).toMatchObject({ by: 11 });
  });

  it('lets a caller larger than a command insert in chunks of its own, and rejects the callers of a failing command', async () => {
    const docs = db.collection<{ _id: string }>('large');
    const batcher = new InsertBatcher(docs, 50);
    inserts = 0;
    const large = Array.from({ length: 120 }, (_, i) => ({ _id: `l-${i}` }));
    await expect(batcher.insertAllIfAbsent(large)).resolves.toEqual([]);
    expect(inserts).toBe(3);
    await expect(insertAllIfAbsent(docs, large.slice(0, 10))).resolves.toEqual([...Array(10).keys()]);
    // A document the server refuses for another reason than its key (a `$`-prefixed field) fails the batch.
    await expect(batcher.insertAllIfAbsent([{ _id: 'bad', $bad: 1 } as never])).rejects.toThrow();
    await expect(batcher.insertAllIfAbsent([{ _id: 'after' }])).resolves.toEqual([]);
  });
});
