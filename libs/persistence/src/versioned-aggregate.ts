import { ConflictError } from '@ctip/errors';
import type { Outbox, OutboxEntry, WithOutbox } from '@ctip/outbox';
import type { Connection, Model, mongo } from 'mongoose';

/** A document changed only through `modifyVersioned`: it carries the `version` every write is guarded by. */
export interface VersionedAggregate extends WithOutbox {
  version: number;
}

/** What one change writes, all in one atomic update of the aggregate's document. */
export interface AggregateChange<T> {
  set?: Partial<T>;
  /** Elements appended to array fields (e.g. a case's timeline). */
  push?: Record<string, unknown[]>;
  events?: OutboxEntry[];
}

const MAX_CONFLICT_RETRIES = 8;

/**
 * Read, decide, write with a version guard, retry on a concurrent change: `decide` gets the current
 * document and returns the change (or null for "nothing to do") with its result, and may throw a domain
 * error. State, appended elements and events land in one single-document write (no transactions on the
 * test database), then the events are published. Returns null when the document does not exist; a change
 * that keeps losing the race is a 409.
 */
export async function modifyVersioned<T extends VersionedAggregate, R>(
  model: Model<T>,
  outbox: Outbox,
  id: string,
  decide: (current: T) => { change: AggregateChange<T> | null; result: R },
  what: string,
): Promise<R | null> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const current = await model.findById(id).lean<T>().exec();
    if (!current) return null;
    const { change, result } = decide(current);
    if (!change) return result;
    const events = change.events ?? [];
    const push: Record<string, { $each: unknown[] }> = { outbox: { $each: events } };
    for (const [field, elements] of Object.entries(change.push ?? {})) push[field] = { $each: elements };
    const write = async () => {
      const update = await model.updateOne(
        { _id: id, version: current.version } as never,
        {
          $set: { ...change.set },
          $inc: { version: 1 },
          $push: push,
        } as never,
      );
      return update.matchedCount === 1;
    };
    if (await outbox.store(model, id, events, write)) return result;
  }
  throw new ConflictError(`the ${what} is being changed by many requests at once; try again`);
}

/**
 * A yearly sequence for human-readable references (`RR-2026-000123`, `ATPF-2027-0042`): one counter
 * document per name and year, incremented atomically, so concurrent requests never share a number.
 */
export class YearlySequence {
  private readonly counters: mongo.Collection<{ _id: string; seq: number }>;

  constructor(
    connection: Connection,
    private readonly name: string,
  ) {
    this.counters = connection.collection('counters');
  }

  async next(at: Date): Promise<{ year: number; seq: number }> {
    const year = at.getUTCFullYear();
    const counter = await this.counters.findOneAndUpdate(
      { _id: `${this.name}-${year}` },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    return { year, seq: counter!.seq };
  }
}
