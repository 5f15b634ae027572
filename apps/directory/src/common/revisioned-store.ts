import type { Outbox, OutboxEntry, WithOutbox } from '@ctip/outbox';
import { isDuplicateKeyError } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { isDeepStrictEqual } from 'node:util';

/** A directory aggregate as stored: client-chosen id, a revision that grows with every change, an outbox. */
export interface RevisionedRecord extends WithOutbox {
  _id: string;
  revision: number;
}

/**
 * Writes of the directory's aggregates. Each write is one single-document operation that stores the
 * new state together with the outbox entry of its full-state event (no transactions on the test
 * database); updates are guarded by the revision the change was based on. After the write the entry
 * is published at once; the outbox sweeper retries it if that fails.
 */
export class RevisionedStore<R extends RevisionedRecord> {
  private readonly model: Model<RevisionedRecord>;

  constructor(
    model: Model<R>,
    private readonly outbox: Outbox,
  ) {
    this.model = model as unknown as Model<RevisionedRecord>;
  }

  track(): void {
    this.outbox.track(this.model as unknown as Model<WithOutbox>);
  }

  /** One page ordered by id after `cursor`, plus one row to tell whether another page follows. */
  page(filter: Record<string, unknown>, cursor: string | undefined, limit: number): Promise<R[]> {
    return this.model
      .find(cursor === undefined ? filter : { ...filter, _id: { $gt: cursor } })
      .select({ outbox: 0 })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<R[]>()
      .exec();
  }

  findById(id: string): Promise<R | null> {
    return this.model.findById(id).select({ outbox: 0 }).lean<R>().exec();
  }

  /** Creates the record at its first revision; false when the id is taken. */
  async insert(record: Omit<R, 'outbox'>, entry: OutboxEntry): Promise<boolean> {
    try {
      await this.model.create({ ...record, outbox: [entry] });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    await this.outbox.publishNow(this.model as unknown as Model<WithOutbox>, record._id, [entry]);
    return true;
  }

  /**
   * Replaces the state if the record is still at `basedOn`, moving it to `basedOn + 1`; false when
   * another write came first. Fields that are undefined in `state` are removed from the record.
   */
  async replace(id: string, basedOn: number, state: Record<string, unknown>, entry: OutboxEntry): Promise<boolean> {
    const set: Record<string, unknown> = { revision: basedOn + 1 };
    const unset: Record<string, ''> = {};
    for (const [field, value] of Object.entries(state)) {
      if (value === undefined) unset[field] = '';
      else set[field] = value;
    }
    const update = { $set: set, $push: { outbox: entry }, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) };
    const result = await this.model.updateOne({ _id: id, revision: basedOn }, update).exec();
    if (result.matchedCount !== 1) return false;
    await this.outbox.publishNow(this.model as unknown as Model<WithOutbox>, id, [entry]);
    return true;
  }
}

/** Whether two states are the same, ignoring fields that are undefined (absent in the stored record). */
export function sameState(a: object, b: object): boolean {
  const defined = (state: object) => Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined));
  return isDeepStrictEqual(defined(a), defined(b));
}
