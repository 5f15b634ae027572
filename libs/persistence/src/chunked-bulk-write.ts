import type { mongo } from 'mongoose';

/**
 * FerretDB 1.24 on SQLite never answers an `update` command of 100 or more statements that match existing
 * documents (`updateOne` and `replaceOne` alike, ordered or not, through the write relay and directly:
 * 99 statements answer in about 0.1 s, 100 hang the connection); MongoDB takes 100,000 per command. So a
 * bulk write goes in commands of at most BULK_CHUNK operations, one after another — the relay serializes a
 * database's writes anyway, so sending them at once would gain nothing.
 */
export const BULK_CHUNK = 50;

interface BulkWritable<O> {
  bulkWrite(operations: O[], options: { ordered: boolean }): Promise<{ matchedCount: number; upsertedCount: number }>;
}

/**
 * `bulkWrite` in chunks of BULK_CHUNK; unordered within a chunk unless `ordered`. Returns how many
 * operations matched a document and how many inserted one, summed over the chunks.
 */
export async function chunkedBulkWrite<O>(
  target: BulkWritable<O>,
  operations: O[],
  ordered = false,
): Promise<{ matched: number; upserted: number }> {
  const total = { matched: 0, upserted: 0 };
  for (let i = 0; i < operations.length; i += BULK_CHUNK) {
    const result = await target.bulkWrite(operations.slice(i, i + BULK_CHUNK), { ordered });
    total.matched += result.matchedCount;
    total.upserted += result.upsertedCount;
  }
  return total;
}

/**
 * Reads documents by id, one `_id` lookup each, `concurrency` at a time, in the order of `ids` (missing
 * ones left out). FerretDB pushes only an `_id` equality down to SQLite (deploy/infra/README.md): a
 * `{_id: {$in: ids}}` decodes the whole collection, so a batch job reading 200 ids that way pays a full
 * scan per batch. MongoDB answers both from the `_id` index.
 */
export async function findByIds<T>(lookup: (id: string) => Promise<T | null>, ids: readonly string[], concurrency = 16): Promise<T[]> {
  const found: (T | null)[] = new Array(ids.length).fill(null);
  for (let i = 0; i < ids.length; i += concurrency)
    await Promise.all(ids.slice(i, i + concurrency).map(async (id, k) => (found[i + k] = await lookup(id))));
  return found.filter((doc): doc is T => doc !== null);
}

/** Up to this many ids are read one `_id` lookup each; more in one `$in` query. */
export const FEW_IDS = 32;

/**
 * Reads the documents of `ids` whichever way costs less on both stores: a few (an alert's recipients) by
 * `_id` lookups, so the cost does not grow with the collection (an `$in` decodes all of it on FerretDB);
 * many (a meeting's thousand participants) in one `$in` query, one pass instead of a thousand lookups.
 */
export async function findManyByIds<T extends { _id: string }>(collection: mongo.Collection<T>, ids: readonly string[]): Promise<T[]> {
  const unique = [...new Set(ids)];
  if (unique.length > FEW_IDS) return (await collection.find({ _id: { $in: unique } } as mongo.Filter<T>).toArray()) as T[];
  return findByIds(async (id) => (await collection.findOne({ _id: id } as mongo.Filter<T>)) as T | null, unique);
}
