import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ConflictError } from '@ctip/errors';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { isDuplicateKeyError, readPage, type Page, type PageRequest } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { FUND_CYCLE_MODEL, type CycleStatus, type FundCycleDocument } from './fund-cycle.schema';

export interface CycleChange {
  set: Partial<Omit<FundCycleDocument, '_id' | 'outbox' | 'version' | 'createdAt' | 'updatedAt' | 'commitments' | 'slateCommitment'>>;
  events?: OutboxEntry[];
}

const MAX_CONFLICT_RETRIES = 20;

/**
 * Cycles other than their money: creation, lists, state changes with their events in one write. Every
 * write is guarded by the cycle's version, as the ledger's are, so a state change and a commitment
 * made at the same moment never overwrite each other (one of them reads again and retries).
 */
@Injectable()
export class FundCycleRepository implements OnModuleInit {
  constructor(
    @InjectModel(FUND_CYCLE_MODEL) private readonly cycles: Model<FundCycleDocument>,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.outbox.track(this.cycles);
  }

  get model(): Model<FundCycleDocument> {
    return this.cycles;
  }

  /** Inserts a new cycle; a taken id is a 409. */
  async insert(cycle: Omit<FundCycleDocument, 'version' | 'createdAt' | 'updatedAt' | 'outbox'>): Promise<void> {
    try {
      await this.cycles.create({ ...cycle, outbox: [] });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictError(`fund cycle ${cycle._id} exists already`, { cycleId: cycle._id });
      throw error;
    }
  }

  findById(id: string): Promise<FundCycleDocument | null> {
    return this.cycles.findById(id).lean<FundCycleDocument>().exec();
  }

  /** Newest quarter first. */
  list(page: PageRequest): Promise<Page<FundCycleDocument>> {
    return readPage(page, { direction: -1 }, {}, ({ filter, sort, limit }) =>
      this.cycles.find(filter).sort(sort).limit(limit).lean<FundCycleDocument[]>().exec(),
    );
  }

  /** Cycles in one of these states (a handful: one a quarter), for the start-up catch-up and carry-over. */
  inStatus(statuses: readonly CycleStatus[]): Promise<FundCycleDocument[]> {
    return this.cycles
      .find({ status: { $in: statuses } })
      .sort({ cutOff: 1 })
      .lean<FundCycleDocument[]>()
      .exec();
  }

  /** The current cycle: the open one whose cut-off comes next. */
  async current(at: Date): Promise<FundCycleDocument | null> {
    const [next] = await this.cycles
      .find({ status: 'open', cutOff: { $gt: at } })
      .sort({ cutOff: 1 })
      .limit(1)
      .lean<FundCycleDocument[]>()
      .exec();
    return next ?? null;
  }

  /**
   * Read, decide, write guarded by the version, retried on a concurrent change. `decide` returns the change
   * or null ("nothing to do") and may throw a domain error. Returns what `decide` returned, or null if the
   * cycle does not exist.
   */
  async modify<R>(id: string, decide: (current: FundCycleDocument) => { change: CycleChange | null; result: R }): Promise<R | null> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const current = await this.findById(id);
      if (!current) return null;
      const { change, result } = decide(current);
      if (!change) return result;
      const events = change.events ?? [];
      const write = async () => {
        const update = await this.cycles.updateOne(
          { _id: id, version: current.version },
          { $set: change.set, $inc: { version: 1 }, $push: { outbox: { $each: events } } },
        );
        return update.matchedCount === 1;
      };
      if (await this.outbox.store(this.cycles, id, events, write)) return result;
    }
    throw new ConflictError('the cycle is being changed by many requests at once; try again', { cycleId: id });
  }
}
