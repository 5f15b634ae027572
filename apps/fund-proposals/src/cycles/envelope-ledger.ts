import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ConflictError, NotFoundError } from '@ctip/errors';
import type { Model } from 'mongoose';
import { FUND_CYCLE_MODEL, type Commitment, type FundCycleDocument, type Lane } from './fund-cycle.schema';

export interface CommitmentRequest {
  proposalId: string;
  amount: number;
  lane: Lane;
}

export interface LedgerBalance {
  cycleId: string;
  envelope: number;
  urgentReserve: number;
  committed: number;
  urgentCommitted: number;
  /** What the quarterly lane may still commit. */
  available: number;
  /** What the urgent lane may still commit. */
  urgentAvailable: number;
}

const MAX_CONFLICT_RETRIES = 20;
/** Up to this many commitments are written by their own paths, more as the whole map. */
const FEW_PATHS = 50;

type LedgerFields = Pick<FundCycleDocument, '_id' | 'envelope' | 'urgentReserve' | 'committed' | 'urgentCommitted' | 'carriedOut'>;

/**
 * What each lane may commit in all. A cycle whose remainder was carried over to a later one (see
 * `CarryOverService`) keeps what it committed but can commit nothing more: the later cycle has that money.
 */
export function laneLimits(cycle: Omit<LedgerFields, 'committed' | 'urgentCommitted'>): { quarterly: number; urgent: number } {
  return {
    quarterly: cycle.envelope - cycle.urgentReserve - (cycle.carriedOut?.quarterly ?? 0),
    urgent: cycle.urgentReserve - (cycle.carriedOut?.urgent ?? 0),
  };
}

export function balanceOf(cycle: LedgerFields): LedgerBalance {
  const limits = laneLimits(cycle);
  return {
    cycleId: cycle._id,
    envelope: cycle.envelope,
    urgentReserve: cycle.urgentReserve,
    committed: cycle.committed,
    urgentCommitted: cycle.urgentCommitted,
    available: limits.quarterly - cycle.committed,
    urgentAvailable: limits.urgent - cycle.urgentCommitted,
  };
}

/**
 * Commits money from a cycle's envelope so that the committed total never exceeds it, whatever runs
 * concurrently (committee confirmations, urgent approvals, change requests on several instances): every
 * change is a read, a check and a write guarded by the cycle document's version, retried on a race. A
 * proposal already committed is committed again at its new amount (a change request), never twice.
 */
@Injectable()
export class EnvelopeLedger {
  constructor(@InjectModel(FUND_CYCLE_MODEL) private readonly cycles: Model<FundCycleDocument>) {}

  async balance(cycleId: string): Promise<LedgerBalance> {
    return balanceOf(await this.load(cycleId));
  }

  /**
   * Commits (or re-commits at a new amount) every request in one write, all or nothing: if the lane's
   * money does not suffice, nothing is committed and the 409 names what is available.
   */
  async commit(cycleId: string, requests: CommitmentRequest[], at = new Date()): Promise<LedgerBalance> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const cycle = await this.load(cycleId);
      const next = applyCommitments(cycle, requests, at);
      if (!next) return balanceOf(cycle);
      const set: Record<string, unknown> = { committed: next.committed, urgentCommitted: next.urgentCommitted };
      const changed = Object.entries(next.changed);
      // A few commitments (an urgent approval, a change request) by their paths; a slate's thousands as the
      // whole map (read under the same version guard): FerretDB applies each path of a `$set` on its own,
      // and 40,000 of them held the confirmation of 100,000 proposals for 69 s.
      if (changed.length > FEW_PATHS) set.commitments = { ...cycle.commitments, ...next.changed };
      else for (const [proposalId, commitment] of changed) set[`commitments.${proposalId}`] = commitment;
      const update = await this.cycles.updateOne({ _id: cycleId, version: cycle.version }, { $set: set, $inc: { version: 1 } });
      if (update.matchedCount === 1) return balanceOf({ ...cycle, committed: next.committed, urgentCommitted: next.urgentCommitted });
    }
    throw new ConflictError('the envelope is being changed by many requests at once; try again', { cycleId });
  }

  private async load(cycleId: string): Promise<FundCycleDocument> {
    const cycle = await this.cycles.findById(cycleId).lean<FundCycleDocument>().exec();
    if (!cycle) throw new NotFoundError(`fund cycle ${cycleId} not found`);
    return cycle;
  }
}

/**
 * The pure decision: the totals after the requests, or null if nothing changes; throws 409 naming the
 * lane's available money if they do not fit.
 */
export function applyCommitments(
  cycle: LedgerFields & Pick<FundCycleDocument, 'commitments'>,
  requests: CommitmentRequest[],
  at: Date,
): { committed: number; urgentCommitted: number; changed: Record<string, Commitment> } | null {
  let committed = cycle.committed;
  let urgentCommitted = cycle.urgentCommitted;
  const changed: Record<string, Commitment> = {};
  for (const request of requests) {
    if (!Number.isInteger(request.amount) || request.amount < 0) throw new Error(`commitment of ${request.amount} is not a whole amount`);
    const previous = changed[request.proposalId] ?? cycle.commitments[request.proposalId];
    if (previous && previous.amount === request.amount && previous.lane === request.lane) continue;
    if (previous) {
      if (previous.lane === 'urgent') urgentCommitted -= previous.amount;
      else committed -= previous.amount;
    }
    if (request.lane === 'urgent') urgentCommitted += request.amount;
    else committed += request.amount;
    changed[request.proposalId] = { amount: request.amount, lane: request.lane, at };
  }
  if (Object.keys(changed).length === 0) return null;
  const { quarterly: quarterlyLimit, urgent: urgentLimit } = laneLimits(cycle);
  if (committed > quarterlyLimit) {
    throw new ConflictError(`the envelope of ${cycle._id} does not cover this: ${quarterlyLimit - cycle.committed} available`, {
      cycleId: cycle._id,
      lane: 'quarterly',
      available: quarterlyLimit - cycle.committed,
    });
  }
  if (urgentCommitted > urgentLimit) {
    throw new ConflictError(`the urgent reserve of ${cycle._id} does not cover this: ${urgentLimit - cycle.urgentCommitted} available`, {
      cycleId: cycle._id,
      lane: 'urgent',
      available: urgentLimit - cycle.urgentCommitted,
    });
  }
  return { committed, urgentCommitted, changed };
}
