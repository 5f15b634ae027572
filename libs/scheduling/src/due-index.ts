import type { Redis } from 'ioredis';

/**
 * Work to look at again by a given time, by key: a Redis sorted set of ids scored by when. A recovery
 * sweep reads only what is due (`due`), looks each up by `_id`, and clears or reschedules it — so its cost
 * follows the work left behind, never the size of the collection (a query on a status or a due date reads
 * every document on a store without secondary indexes: FerretDB on SQLite decodes the whole collection).
 * A hint, not the truth: a lost entry (Redis lost its data, or a write between the store and the index
 * failed) is found by the owner's rare full scan.
 */
export class DueIndex {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  /** Sets when each id is due (replacing an earlier time), one round trip. */
  async schedule(entries: readonly { id: string; at: number }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.redis.zadd(this.key, ...entries.flatMap(({ id, at }) => [at, id]));
  }

  async clear(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.redis.zrem(this.key, ...ids);
  }

  /** Ids due before `before` (ms since the epoch), earliest first, at most `limit`. */
  due(before: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.key, '-inf', `(${before}`, 'LIMIT', 0, limit);
  }

  size(): Promise<number> {
    return this.redis.zcard(this.key);
  }
}
