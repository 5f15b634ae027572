import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { chunkedBulkWrite, findByIds, modifyVersioned, YearlySequence } from '@ctip/persistence';
import type { Connection, Model } from 'mongoose';
import { PROPOSAL_MODEL, type ProposalDocument } from './proposal.schema';

/** What a change to a proposal writes, in one atomic update of the proposal document. */
export interface ProposalChange {
  set?: Partial<Omit<ProposalDocument, '_id' | 'outbox' | 'version' | 'createdAt' | 'updatedAt'>>;
  events?: OutboxEntry[];
}

/** The proposal aggregate's one repository: every module changes a proposal through `modify`. */
@Injectable()
export class ProposalRepository implements OnModuleInit {
  private readonly refs: YearlySequence;

  constructor(
    @InjectModel(PROPOSAL_MODEL) private readonly proposals: Model<ProposalDocument>,
    @InjectConnection() connection: Connection,
    private readonly outbox: Outbox,
  ) {
    this.refs = new YearlySequence(connection, 'proposal-ref');
  }

  onModuleInit(): void {
    this.outbox.track(this.proposals);
  }

  /** `ATPF-2027-0042`: a yearly counter, incremented atomically. */
  async nextRef(at: Date): Promise<string> {
    const { year, seq } = await this.refs.next(at);
    return `ATPF-${year}-${String(seq).padStart(4, '0')}`;
  }

  async insert(document: Omit<ProposalDocument, 'version' | 'createdAt' | 'updatedAt'>): Promise<void> {
    await this.outbox.store(this.proposals, document._id, document.outbox, async () => {
      await this.proposals.create(document);
      return true;
    });
  }

  findById(id: string): Promise<ProposalDocument | null> {
    return this.proposals.findById(id).lean<ProposalDocument>().exec();
  }

  /** The proposals of `ids` that exist, in that order (one `_id` lookup each: see findByIds). */
  findManyByIds(ids: string[]): Promise<ProposalDocument[]> {
    return findByIds((id) => this.findById(id), ids);
  }

  /**
   * Writes many changes in unordered bulk writes (`chunkedBulkWrite`), each only where the proposal still
   * matches `where` (e.g. `on-slate` in a cycle), moving its version on so that a concurrent `modify`
   * retries on the new state. Returns how many were written; the caller reads back when not all were.
   * Carries no events: the caller publishes them (see SlateDecisionWriter).
   */
  async setWhere(
    changes: { id: string; where: Partial<Pick<ProposalDocument, 'status' | 'cycleId'>>; set: ProposalChange['set'] }[],
  ): Promise<number> {
    if (changes.length === 0) return 0;
    const { matched } = await chunkedBulkWrite(
      this.proposals,
      changes.map((c) => ({
        updateOne: { filter: { ...c.where, _id: c.id } as never, update: { $set: c.set, $inc: { version: 1 } } as never },
      })),
    );
    return matched;
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
  modify<R>(id: string, decide: (current: ProposalDocument) => { change: ProposalChange | null; result: R }): Promise<R | null> {
    return modifyVersioned(this.proposals, this.outbox, id, decide, 'proposal');
  }
}
