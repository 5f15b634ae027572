import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ConflictError } from '@ctip/errors';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { readPage, type Page, type PageRequest } from '@ctip/persistence';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Model } from 'mongoose';
import { TRAINING_EVENT_MODEL, type TrainingEventDocument } from './training-event.schema';

/** What one change of an event writes, in one atomic update of its document. */
export interface TrainingEventChange {
  set?: Partial<Omit<TrainingEventDocument, '_id' | 'outbox' | 'revision' | 'createdAt' | 'updatedAt'>>;
  unset?: (keyof TrainingEventDocument)[];
  events?: OutboxEntry[];
}

/**
 * Concurrent seat decisions (a burst of withdrawals or acceptances) all write the same document: each
 * round one wins, so the losers retry, after a short random pause, more often than `modifyVersioned`.
 */
const MAX_ATTEMPTS = 60;
const NEWEST_FIRST = { field: 'startsAt', direction: -1 } as const;

/** The event aggregate's one repository: every module changes an event through `modify`. */
@Injectable()
export class TrainingEventRepository implements OnModuleInit {
  constructor(
    @InjectModel(TRAINING_EVENT_MODEL) private readonly events: Model<TrainingEventDocument>,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.outbox.track(this.events);
  }

  get model(): Model<TrainingEventDocument> {
    return this.events;
  }

  async insert(document: Omit<TrainingEventDocument, 'createdAt' | 'updatedAt'>): Promise<void> {
    await this.outbox.store(this.events, document._id, document.outbox, async () => {
      await this.events.create(document);
      return true;
    });
  }

  findById(id: string): Promise<TrainingEventDocument | null> {
    return this.events.findById(id).select({ outbox: 0 }).lean<TrainingEventDocument>().exec();
  }

  findManyByIds(ids: string[]): Promise<TrainingEventDocument[]> {
    return this.events
      .find({ _id: { $in: ids } })
      .select({ outbox: 0 })
      .lean<TrainingEventDocument[]>()
      .exec();
  }

  /** One page of events matching `filter`, latest start first. */
  page(filter: Record<string, unknown>, request: PageRequest): Promise<Page<TrainingEventDocument>> {
    return readPage(request, NEWEST_FIRST, filter, ({ filter: query, sort, limit }) =>
      this.events.find(query).select({ outbox: 0 }).sort(sort).limit(limit).lean<TrainingEventDocument[]>().exec(),
    );
  }

  /**
   * Read, decide, write guarded by `revision`, retry on a concurrent change. `decide` returns the change
   * (or null for "nothing to do") with its result and may throw a domain error; state and events land in
   * one write, then the events are published. Returns null when the event does not exist.
   */
  async modify<R>(
    id: string,
    decide: (current: TrainingEventDocument) => { change: TrainingEventChange | null; result: R },
  ): Promise<R | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = await this.events.findById(id).select({ outbox: 0 }).lean<TrainingEventDocument>().exec();
      if (!current) return null;
      const { change, result } = decide(current);
      if (!change) return result;
      const events = change.events ?? [];
      const unset = Object.fromEntries((change.unset ?? []).map((field) => [field, '']));
      const write = async () => {
        const update = await this.events.updateOne({ _id: id, revision: current.revision }, {
          $set: { ...change.set },
          $inc: { revision: 1 },
          $push: { outbox: { $each: events } },
          ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
        } as never);
        return update.matchedCount === 1;
      };
      if (await this.outbox.store(this.events, id, events, write)) return result;
      await sleep(Math.floor(Math.random() * Math.min(50, 2 + attempt * 5)));
    }
    throw new ConflictError(`event ${id} is being changed by many requests at once; try again`);
  }
}
