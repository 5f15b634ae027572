import type { Redis } from 'ioredis';

/** Removes a mark only if nobody marked the document again since (a newer mark has a newer score). */
const CLEAR_IF_UNCHANGED = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0`;

/** Moves a mark to a later score only if nobody marked the document again since. */
const POSTPONE_IF_UNCHANGED = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[3], ARGV[1]) end
return 0`;

/** A document that may hold unpublished outbox entries: its collection, its id, and since when. */
export interface PendingMark {
  collection: string;
  id: string;
  since: number;
}

/**
 * Which documents may hold unpublished outbox entries, keyed by time: a Redis sorted set of
 * `<collection>\u0000<id>` scored by when the entries were written. The fast path marks a document before
 * it publishes and clears the mark once the entries are out; the sweeper reads only the marks older than
 * the grace period and looks those documents up by `_id`. So its cost follows the work left behind, not
 * the size of the collections — a query for `outbox.createdAt` reads every document on a store without
 * secondary indexes (FerretDB on SQLite decodes the whole collection). The index is a hint, never the
 * truth: a mark without entries is cleared, and entries without a mark (the service died between its
 * write and the mark, or Redis lost the set) are found by the sweeper's rare full scan.
 */
export const OUTBOX_PENDING_INDEX = Symbol('OUTBOX_PENDING_INDEX');

export class OutboxPendingIndex {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  /**
   * Marks the document (an older mark stays as it is). Returns the mark's score, to clear it only if
   * unchanged, and whether this call set it: a write that did not apply may remove only a mark of its own,
   * never one that entries of another write (or entries whose removal waits) still stand behind.
   */
  async mark(collection: string, id: string, at = Date.now()): Promise<{ score: number; created: boolean }> {
    const [[, added], [, score]] = (await this.redis
      .multi()
      .zadd(this.key, 'NX', at, member(collection, id))
      .zscore(this.key, member(collection, id))
      .exec()) as [[unknown, number], [unknown, string]];
    return { score: Number(score), created: added === 1 };
  }

  async clear(collection: string, id: string, score: number): Promise<void> {
    await this.redis.eval(CLEAR_IF_UNCHANGED, 1, this.key, member(collection, id), String(score));
  }

  /** Moves an unchanged mark to `later` (entries published, their removal waiting); false if the mark changed or is gone. */
  async postpone(collection: string, id: string, score: number, later: number): Promise<boolean> {
    return (await this.redis.eval(POSTPONE_IF_UNCHANGED, 1, this.key, member(collection, id), String(score), String(later))) === 1;
  }

  /** Marks set before `before`, oldest first, at most `limit`. */
  async olderThan(before: number, limit: number): Promise<PendingMark[]> {
    const flat = await this.redis.zrangebyscore(this.key, '-inf', `(${before}`, 'WITHSCORES', 'LIMIT', 0, limit);
    const marks: PendingMark[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const [collection, id] = flat[i].split('\u0000');
      marks.push({ collection, id, since: Number(flat[i + 1]) });
    }
    return marks;
  }
}

function member(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}
