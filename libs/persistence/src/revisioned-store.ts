import { ConflictError } from '@ctip/errors';
import type { Outbox, OutboxEntry, WithOutbox } from '@ctip/outbox';
import type { Model, UpdateQuery } from 'mongoose';
import { isDeepStrictEqual } from 'node:util';
import { readPage, type Page, type PageRequest } from './cursor-page';
import { isDuplicateKeyError } from './schema-options';

/** An aggregate as stored: client-chosen id, a revision that grows with every change, an outbox. */
export interface RevisionedRecord extends WithOutbox {
  revision: number;
}

/** The stored fields of a record: everything but its id, revision and outbox. */
export type StateOf<R extends RevisionedRecord> = Omit<R, '_id' | 'revision' | 'outbox'>;

const BY_ID = { direction: 1 } as const;

/** What `replace` never removes: the record's identity, revision, outbox and the store's own bookkeeping. */
const KEPT_FIELDS = new Set(['_id', 'revision', 'outbox', 'createdAt', 'updatedAt', '__v', 'version']);

/**
 * Optimistic concurrency for aggregates whose clients send the whole state and the revision they read
 * (PUT). Each write is one single-document operation that stores the new state together with the outbox
 * entry of its event (no transactions on the test database), guarded by the revision it was based on;
 * the entry is published right after, the outbox sweeper retries it if that fails. A stale revision is
 * a ConflictError carrying `current: { revision }`. Services answer an unchanged state (`sameState`)
 * without calling it: no write, no revision, no event.
 */
export class RevisionedStore<R extends RevisionedRecord> {
  constructor(
    private readonly model: Model<R>,
    private readonly outbox: Outbox,
    /** What the records are, for messages: `organisation`, `roster`. */
    private readonly what: string,
  ) {}

  /** Registers the model with the outbox sweeper; call from the repository's onModuleInit. */
  track(): void {
    this.outbox.track(this.model);
  }

  findById(id: string): Promise<R | null> {
    return this.model.findById(id).select({ outbox: 0 }).lean<R>().exec();
  }

  /** One page ordered by id. */
  page(filter: Record<string, unknown>, request: PageRequest): Promise<Page<R>> {
    return readPage(request, BY_ID, filter, ({ filter: query, sort, limit }) =>
      this.model.find(query).select({ outbox: 0 }).sort(sort).limit(limit).lean<R[]>().exec(),
    );
  }

  /** Refuses a change based on another revision than the current one (none sent counts as stale). */
  requireRevision(current: R, sent: number | undefined): void {
    if (sent === current.revision) return;
    const based = sent === undefined ? 'no revision' : `revision ${sent}`;
    throw new ConflictError(
      `${this.what} ${current._id} is at revision ${current.revision} but the request was based on ${based}: read it again, reapply the change and send revision ${current.revision}`,
      { revision: current.revision },
    );
  }

  /** Creates the record at revision 1; a taken id is a conflict. */
  async insert(id: string, state: StateOf<R>, entry: OutboxEntry): Promise<void> {
    const write = async () => {
      await new this.model({ ...state, _id: id, revision: 1, outbox: [entry] }).save();
      return true;
    };
    try {
      await this.outbox.store(this.model, id, [entry], write);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw new ConflictError(`${this.what} ${id} exists already: change it with PUT`);
    }
  }

  /**
   * Replaces the state of `current`, moving it to the next revision, if no other write came first (else a
   * conflict naming the revision now stored). Fields undefined in or absent from `state` are removed.
   */
  async replace(current: R, state: StateOf<R>, entry: OutboxEntry): Promise<void> {
    const set: Record<string, unknown> = { revision: current.revision + 1 };
    const unset: Record<string, ''> = {};
    for (const [field, value] of Object.entries(state)) {
      if (value === undefined) unset[field] = '';
      else set[field] = value;
    }
    // An optional field the new state leaves out (Zod drops omitted keys) is removed too, not kept.
    for (const field of Object.keys(current)) {
      if (!(field in state) && !KEPT_FIELDS.has(field)) unset[field] = '';
    }
    const update: UpdateQuery<R> = { $set: set, $push: { outbox: entry }, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) };
    const write = async () =>
      (await this.model.updateOne({ _id: current._id, revision: current.revision }, update).exec()).matchedCount === 1;
    if (!(await this.outbox.store(this.model, current._id, [entry], write))) {
      const now = await this.findById(current._id);
      throw new ConflictError(
        `${this.what} ${current._id} was changed by another request at the same moment: read it again and reapply the change`,
        now ? { revision: now.revision } : {},
      );
    }
  }
}

/** Whether two states are the same, ignoring fields that are undefined (absent in the stored record). */
export function sameState(a: object, b: object): boolean {
  const defined = (state: object) => Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined));
  return isDeepStrictEqual(defined(a), defined(b));
}
