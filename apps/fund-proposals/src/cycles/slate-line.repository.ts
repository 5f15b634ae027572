import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { insertAllIfAbsent, readPage, type Page, type PageRequest } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { SlateProposal } from './slate-cut-line';

/** What the committee decides for a line: proposed by the close, possibly amended with a reason. */
export interface LineDecision {
  decision: SlateProposal;
  amount: number;
  reason?: string;
  amendedBy?: string;
  amendedAt?: Date;
}

/**
 * One proposal on a cycle's decision slate, `_id = ${cycleId}/${proposalId}`: a close that runs again
 * writes the same line, never a second one. Carries the public facts the decision event, the project and
 * the public list need, so the confirmation reads lines, not proposals.
 */
export interface SlateLine {
  _id: string;
  cycleId: string;
  proposalId: string;
  proposalRef: string;
  organisationId: string;
  /** The applicant who created the proposal: the decision's recipient when the organisation names no fund contact. */
  createdBy: string;
  title: string;
  countries: string[];
  /** The project's public facts, for the project and the public-list entry an approval opens. */
  implementingPartnerIds: string[];
  activityTypes: string[];
  plannedStart: string;
  plannedEnd: string;
  rank: number;
  weightedScore: number;
  submittedAt: Date;
  amountRequested: number;
  proposed: { decision: SlateProposal; amount: number };
  decision: LineDecision;
}

export const slateLineId = (cycleId: string, proposalId: string) => `${cycleId}/${proposalId}`;

export const SLATE_LINES = 'fund_slate_lines';

@Injectable()
export class SlateLineRepository implements OnModuleInit {
  private readonly lines: mongo.Collection<SlateLine>;

  constructor(@InjectConnection() connection: Connection) {
    this.lines = connection.collection<SlateLine>(SLATE_LINES);
  }

  async onModuleInit(): Promise<void> {
    // Serves a cycle's slate in rank order (the slate list, the confirmation).
    await this.lines.createIndex({ cycleId: 1, rank: 1 });
  }

  /**
   * Writes lines in one unordered insert; a line already there (a resumed close wrote it before the crash,
   * from the same frozen inputs, so with the same content) is kept. An insert, not replace-upserts: FerretDB
   * never answers an update command of 100 statements on existing documents (see `chunkedBulkWrite`), and
   * a resumed close's first batch is exactly that.
   */
  async writeAll(lines: SlateLine[]): Promise<void> {
    await insertAllIfAbsent(this.lines, lines, lines.length || 1);
  }

  findById(cycleId: string, proposalId: string): Promise<SlateLine | null> {
    return this.lines.findOne({ _id: slateLineId(cycleId, proposalId) });
  }

  /** Replaces a line's decision (the caller has checked that its slate is still a draft). */
  async amend(cycleId: string, proposalId: string, decision: LineDecision): Promise<SlateLine | null> {
    const id = slateLineId(cycleId, proposalId);
    const update = await this.lines.updateOne({ _id: id }, { $set: { decision } });
    return update.matchedCount === 1 ? this.lines.findOne({ _id: id }) : null;
  }

  page(cycleId: string, page: PageRequest): Promise<Page<SlateLine>> {
    return readPage(page, { field: 'rank', direction: 1 }, { cycleId }, ({ filter, sort, limit }) =>
      this.lines.find(filter, { sort, limit }).toArray(),
    );
  }

  /** Every line of a cycle in rank order, streamed in batches (a slate may hold 100,000 lines). */
  cursor(cycleId: string): mongo.FindCursor<SlateLine> {
    return this.lines.find({ cycleId }, { sort: { rank: 1, _id: 1 }, batchSize: 1_000 });
  }
}
