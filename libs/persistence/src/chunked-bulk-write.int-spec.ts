import { uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { BULK_CHUNK, chunkedBulkWrite, FEW_IDS, findByIds, findManyByIds } from './chunked-bulk-write';

/** A bulk write larger than the test database answers in one command (see BULK_CHUNK) lands whole. */
describe('chunkedBulkWrite on the test database', () => {
  let db: Connection;

  beforeAll(async () => {
    db = await mongoose.createConnection(process.env.MONGO_URL!, { dbName: `ctip_bulk_${uniqueSuffix()}` }).asPromise();
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('applies 250 guarded updates and replacements of existing documents, skipping those whose guard fails', async () => {
    const docs = db.collection<{ _id: string; version: number; status: string }>('docs');
    await docs.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: `d-${i}`, version: 0, status: 'on-slate' })));
    const guardFails = (i: number) => i % 10 === 0;
    const result = await chunkedBulkWrite(
      docs,
      Array.from({ length: 250 }, (_, i) => ({
        updateOne: {
          filter: { _id: `d-${i}`, version: guardFails(i) ? 7 : 0 },
          update: { $set: { status: 'approved' }, $inc: { version: 1 } },
        },
      })),
    );
    expect(result).toEqual({ matched: 225, upserted: 0 });
    const after = await docs.find({}).toArray();
    expect(after.filter((d) => d.status === 'approved')).toHaveLength(225);
    expect(after.filter((d) => d.version === 1)).toHaveLength(225);

    await chunkedBulkWrite(
      docs,
      after.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: { version: 2, status: 'closed' }, upsert: true } })),
    );
    expect(await docs.countDocuments({ status: 'closed' })).toBe(250);
    expect(BULK_CHUNK).toBeLessThan(100);
  });

  it('reads documents by id in the order asked, leaving out missing ones', async () => {
    const docs = db.collection<{ _id: string; n: number }>('by-id');
    await docs.insertMany(Array.from({ length: 40 }, (_, i) => ({ _id: `k-${i}`, n: i })));
    const ids = ['k-39', 'missing', ...Array.from({ length: 30 }, (_, i) => `k-${i}`)];
    const found = await findByIds((id) => docs.findOne({ _id: id }), ids, 8);
    expect(found.map((d) => d._id)).toEqual(ids.filter((id) => id !== 'missing'));
  });

  it('reads a few ids by lookups and many by one query, the same documents either way, each once', async () => {
    const people = db.collection<{ _id: string; n: number }>('people');
    await people.insertMany(Array.from({ length: 100 }, (_, n) => ({ _id: `p-${n}`, n })));
    const few = await findManyByIds(people, ['p-3', 'p-1', 'p-3', 'missing']);
    expect(few.map((p) => p._id).sort()).toEqual(['p-1', 'p-3']);
    const ids = Array.from({ length: FEW_IDS + 10 }, (_, n) => `p-${n}`);
    const many = await findManyByIds(people, [...ids, 'missing']);
    expect(many.map((p) => p._id).sort()).toEqual([...ids].sort());
  });
});
