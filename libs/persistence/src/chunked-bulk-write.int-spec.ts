import { uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { BULK_CHUNK, chunkedBulkWrite } from './chunked-bulk-write';

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
    await chunkedBulkWrite(
      docs,
      Array.from({ length: 250 }, (_, i) => ({
        updateOne: {
          filter: { _id: `d-${i}`, version: guardFails(i) ? 7 : 0 },
          update: { $set: { status: 'approved' }, $inc: { version: 1 } },
        },
      })),
    );
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
});
