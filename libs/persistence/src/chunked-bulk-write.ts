/**
 * FerretDB 1.24 on SQLite never answers an `update` command of 100 or more statements that match existing
 * documents (`updateOne` and `replaceOne` alike, ordered or not, through the write relay and directly:
 * 99 statements answer in about 0.1 s, 100 hang the connection); MongoDB takes 100,000 per command. So a
 * bulk write goes in commands of at most BULK_CHUNK operations, one after another — the relay serializes a
 * database's writes anyway, so sending them at once would gain nothing.
 */
export const BULK_CHUNK = 50;

interface BulkWritable<O> {
  bulkWrite(operations: O[], options: { ordered: boolean }): Promise<unknown>;
}

/** `bulkWrite` in chunks of BULK_CHUNK; unordered within a chunk unless `ordered`. */
export async function chunkedBulkWrite<O>(target: BulkWritable<O>, operations: O[], ordered = false): Promise<void> {
  for (let i = 0; i < operations.length; i += BULK_CHUNK) await target.bulkWrite(operations.slice(i, i + BULK_CHUNK), { ordered });
}
