import { uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { WriteBatcher } from './write-batcher';

/** Group commit on the test database: concurrent updates land, in fewer commands, and a failed guard shows. */
describe('WriteBatcher on the test database', () => {
  let db: Connection;
  let commands = 0;

  beforeAll(async () => {
    db = await mongoose
      .createConnection(process.env.MONGO_URL!, { dbName: `ctip_batcher_${uniqueSuffix()}`, monitorCommands: true })
      .asPromise();
    db.getClient().on('commandStarted', (event) => {
      if (event.commandName === 'update') commands += 1;
    });
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('applies 200 concurrent guarded updates in fewer commands, each told whether its whole batch matched', async () => {
    const docs = db.collection<{ _id: string; status: string; n: number }>('docs');
    await docs.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: `d-${i}`, status: 'queued', n: 0 })));
    const batcher = new WriteBatcher(docs);
    const guardFails = (i: number) => i === 150; // one update whose guard does not hold
    commands = 0;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        batcher.updateOne({ _id: `d-${i}`, status: guardFails(i) ? 'sent' : 'queued' }, { $set: { status: 'sending' }, $inc: { n: 1 } }),
      ),
    );
    const after = await docs.find({}).toArray();
    expect(after.filter((d) => d.status === 'sending' && d.n === 1)).toHaveLength(199);
    expect(after.find((d) => d._id === 'd-150')).toMatchObject({ status: 'queued', n: 0 });
    // The first update goes alone; the others wait for it and go together, at most 50 a command.
    expect(commands).toBeLessThan(20);
    expect(results[150].allMatched).toBe(false);
    expect(results[0].allMatched).toBe(true);
  });

  it('rejects every update of a batch whose command fails, and goes on with the next batch', async () => {
    const docs = db.collection<{ _id: string; n: number }>('more');
    await docs.insertOne({ _id: 'a', n: 1 });
    const batcher = new WriteBatcher(docs);
    await expect(batcher.updateOne({ _id: 'a' }, { $inc: { n: 'x' as unknown as number } })).rejects.toThrow();
    await expect(batcher.updateOne({ _id: 'a' }, { $inc: { n: 1 } })).resolves.toEqual({ allMatched: true });
    expect(await docs.findOne({ _id: 'a' })).toMatchObject({ n: 2 });
  });
});
