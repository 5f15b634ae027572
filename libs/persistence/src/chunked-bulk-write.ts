import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './schema-options';

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

/** Documents per insert command: the store serializes writes, and one insert of thousands would hold every other write behind it. */
export const INSERT_CHUNK = 100;

/**
 * Inserts documents unordered in commands of `chunk`, keeping those whose `_id` is taken already (the first
 * write of an id stays; a redelivery or a resumed run writes the same id again). Plain inserts: cheaper than
 * upserts, which query before they insert. Returns the positions in `documents` the primary key refused.
 */
export async function insertAllIfAbsent<T extends mongo.Document>(
  collection: Pick<mongo.Collection<T>, 'insertMany'>,
  documents: mongo.OptionalUnlessRequiredId<T>[],
  chunk = INSERT_CHUNK,
): Promise<number[]> {
  const refused: number[] = [];
  for (let start = 0; start < documents.length; start += chunk) {
    const part = documents.slice(start, start + chunk);
    try {
      await collection.insertMany(part, { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
      const positions = writeErrorsOf(error)
        .map((e) => e.index)
        .filter((index): index is number => index !== undefined);
      // A refusal that does not say which: count them all as taken.
      refused.push(...(positions.length > 0 ? positions : part.map((_, i) => i)).map((i) => start + i));
    }
  }
  return refused;
}

type WriteErrorLike = { code?: number; index?: number };

function writeErrorsOf(error: unknown): WriteErrorLike[] {
  const writeErrors = (error as { writeErrors?: WriteErrorLike | WriteErrorLike[] }).writeErrors;
  return Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
}

/** A bulk write that failed only because some documents exist already (E11000 for each failure). */
export function onlyDuplicateKeys(error: unknown): boolean {
  const list = writeErrorsOf(error);
  return list.length > 0 ? list.every((e) => e.code === 11000) : isDuplicateKeyError(error);
}
