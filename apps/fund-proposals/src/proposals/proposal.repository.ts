import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { ConflictError } from '@ctip/errors';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import type { Connection, Model, mongo } from 'mongoose';
import { PROPOSAL_MODEL, type ProposalDocument } from './proposal.schema';

/** What a change to a proposal writes, in one atomic update of the proposal document. */
export interface ProposalChange {
  set?: Partial<Omit<ProposalDocument, '_id' | 'outbox' | 'version' | 'createdAt' | 'updatedAt'>>;
  events?: OutboxEntry[];
}

const MAX_CONFLICT_RETRIES = 8;

/** The proposal aggregate's one repository: every module changes a proposal through `modify`. */
@Injectable()
export class ProposalRepository implements OnModuleInit {
  private readonly counters: mongo.Collection<{ _id: string; seq: number }>;

  constructor(
    @InjectModel(PROPOSAL_MODEL) private readonly proposals: Model<ProposalDocument>,
    @InjectConnection() connection: Connection,
    private readonly outbox: Outbox,
  ) {
    this.counters = connection.collection('counters');
  }

  onModuleInit(): void {
    this.outbox.track(this.proposals);
  }

  /** `ATPF-2027-0042`: a yearly counter, incremented atomically. */
  async nextRef(at: Date): Promise<string> {
    const year = at.getUTCFullYear();
    const counter = await this.counters.findOneAndUpdate(
      { _id: `proposal-ref-${year}` },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    return `ATPF-${year}-${String(counter!.seq).padStart(4, '0')}`;
  }

  async insert(document: Omit<ProposalDocument, 'version' | 'createdAt' | 'updatedAt'>): Promise<void> {
    await this.proposals.create(document);
    if (document.outbox.length > 0) await this.outbox.publishNow(this.proposals, document._id, document.outbox);
  }

  findById(id: string): Promise<ProposalDocument | null> {
    return this.proposals.findById(id).lean<ProposalDocument>().exec();
  }

  findManyByIds(ids: string[]): Promise<ProposalDocument[]> {
    return this.proposals
      .find({ _id: { $in: ids } })
      .lean<ProposalDocument[]>()
      .exec();
  }

  /** The model, for modules that page or scan proposals (lists, the quarterly close). */
  get model(): Model<ProposalDocument> {
    return this.proposals;
  }

  /**
   * Read, decide, write with a version guard, retry on a concurrent change. `decide` returns the change
   * (or null for "nothing to do") and may throw a domain error; state and events land in one write, then
   * the events are published. Returns null when the proposal does not exist.
   */
  async modify<R>(id: string, decide: (current: ProposalDocument) => { change: ProposalChange | null; result: R }): Promise<R | null> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const current = await this.findById(id);
      if (!current) return null;
      const { change, result } = decide(current);
      if (!change) return result;
      const events = change.events ?? [];
      const update = await this.proposals.updateOne(
        { _id: id, version: current.version },
        { $set: { ...change.set }, $inc: { version: 1 }, $push: { outbox: { $each: events } } },
      );
      if (update.matchedCount === 1) {
        if (events.length > 0) await this.outbox.publishNow(this.proposals, id, events);
        return result;
      }
    }
    throw new ConflictError('the proposal is being changed by many requests at once; try again');
  }
}
