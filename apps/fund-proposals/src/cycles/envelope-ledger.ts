import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { ConflictError, NotFoundError } from '@ctip/errors';
import type { Connection, Model, mongo } from 'mongoose';
import { FUND_CYCLE_MODEL, type Commitment, type FundCycleDocument, type Lane } from './fund-cycle.schema';
import { slateLineId, SLATE_LINES, type SlateLine } from './slate-line.repository';

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
/** `commit` is for a few proposals at a time (an urgent approval, a change request); a slate commits its total. */
const MAX_REQUESTS = 50;

interface LedgerWrite {
  set: Record<string, unknown>;
  unset?: Record<string, 1>;
  balance: Pick<FundCycleDocument, 'committed' | 'urgentCommitted'>;
}

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
  private readonly lines: mongo.Collection<SlateLine>;

  constructor(
    @InjectModel(FUND_CYCLE_MODEL) private readonly cycles: Model<FundCycleDocument>,
    @InjectConnection() connection: Connection,
  ) {
    this.lines = connection.collection<SlateLine>(SLATE_LINES);
  }

  async balance(cycleId: string): Promise<LedgerBalance> {
    return balanceOf(await this.load(cycleId));
  }

  /**
   * Commits (or re-commits at a new amount) a few proposals' money in one write, all or nothing: if the
   * lane's money does not suffice, nothing is committed and the 409 names what is available. A proposal
   * approved on a confirmed slate is re-committed from its line's amount (a change request).
   */
  async commit(cycleId: string, requests: CommitmentRequest[], at = new Date()): Promise<LedgerBalance> {
    if (requests.length > MAX_REQUESTS) throw new Error(`commit takes at most ${MAX_REQUESTS} proposals; a slate commits its total`);
    return this.guarded(cycleId, async (cycle) => {
      const next = applyCommitments(cycle, await this.onSlate(cycle, requests), requests, at);
      if (!next) return null;
      const set: Record<string, unknown> = { committed: next.committed, urgentCommitted: next.urgentCommitted };
      for (const [proposalId, commitment] of Object.entries(next.changed)) set[`commitments.${proposalId}`] = commitment;
      return { set, balance: { committed: next.committed, urgentCommitted: next.urgentCommitted } };
    });
  }

  /**
   * Commits a slate's approved total as one amount held by the confirm request `token` (the amounts per
   * proposal are its lines'), replacing what an earlier request committed for the slate: the cycle
   * document does not grow with the slate (100,000 lines committed 40,000 map entries before, held in
   * memory through the whole confirmation). 409 naming what is available if it does not fit.
   */
  async commitSlate(cycleId: string, amount: number, token: string, at = new Date()): Promise<LedgerBalance> {
    if (!Number.isInteger(amount) || amount < 0) throw new Error(`commitment of ${amount} is not a whole amount`);
    return this.guarded(cycleId, (cycle) => {
      const committed = cycle.committed - (cycle.slateCommitment?.amount ?? 0) + amount;
      const limit = laneLimits(cycle).quarterly;
      if (committed > limit) {
        const available = limit - (committed - amount);
        throw new ConflictError(`the envelope of ${cycle._id} does not cover this slate: ${available} available`, {
          cycleId: cycle._id,
          lane: 'quarterly',
          available,
        });
      }
      return { set: { committed, slateCommitment: { amount, token, at } }, balance: { committed, urgentCommitted: cycle.urgentCommitted } };
    });
  }

  /** Releases the slate's commitment if the confirm request `token` still holds it (its confirmation failed). */
  async releaseSlate(cycleId: string, token: string): Promise<LedgerBalance> {
    return this.guarded(cycleId, (cycle) => {
      if (cycle.slateCommitment?.token !== token) return null;
      const committed = cycle.committed - cycle.slateCommitment.amount;
      return { set: { committed }, unset: { slateCommitment: 1 }, balance: { committed, urgentCommitted: cycle.urgentCommitted } };
    });
  }

  /** Read, decide, write under the cycle's version, retried on a race; `decide` returns null for "nothing changes". */
  private async guarded(
    cycleId: string,
    decide: (cycle: FundCycleDocument) => Promise<LedgerWrite | null> | LedgerWrite | null,
  ): Promise<LedgerBalance> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const cycle = await this.load(cycleId);
      const write = await decide(cycle);
      if (!write) return balanceOf(cycle);
      const update = await this.cycles.updateOne(
        { _id: cycleId, version: cycle.version },
        { $set: write.set, ...(write.unset ? { $unset: write.unset } : {}), $inc: { version: 1 } },
      );
      if (update.matchedCount === 1) return balanceOf({ ...cycle, ...write.balance });
    }
    throw new ConflictError('the envelope is being changed by many requests at once; try again', { cycleId });
  }

  /** What the confirmed slate committed to each of these proposals (re-committed by a change request). */
  private async onSlate(cycle: FundCycleDocument, requests: CommitmentRequest[]): Promise<Record<string, Commitment>> {
    if (!cycle.slateCommitment) return {};
    const found: Record<string, Commitment> = {};
    for (const { proposalId } of requests) {
      if (cycle.commitments[proposalId]) continue;
      const line = await this.lines.findOne({ _id: slateLineId(cycle._id, proposalId) }, { projection: { decision: 1 } });
      if (line?.decision.decision === 'approve')
        found[proposalId] = { amount: line.decision.amount, lane: 'quarterly', at: cycle.slateCommitment.at };
    }
    return found;
  }

  private async load(cycleId: string): Promise<FundCycleDocument> {
    const cycle = await this.cycles.findById(cycleId).lean<FundCycleDocument>().exec();
    if (!cycle) throw new NotFoundError(`fund cycle ${cycleId} not found`);
    return cycle;
  }
}

/**
 * The pure decision: the totals after the requests, or null if nothing changes; throws 409 naming the
 * lane's available money if they do not fit. `onSlate`: what the confirmed slate committed to those of
 * them it approved (their line's amount), for those without a commitment of their own yet.
 */
export function applyCommitments(
  cycle: LedgerFields & Pick<FundCycleDocument, 'commitments'>,
  onSlate: Record<string, Commitment>,
  requests: CommitmentRequest[],
  at: Date,
): { committed: number; urgentCommitted: number; changed: Record<string, Commitment> } | null {
  let committed = cycle.committed;
  let urgentCommitted = cycle.urgentCommitted;
  const changed: Record<string, Commitment> = {};
  for (const request of requests) {
    if (!Number.isInteger(request.amount) || request.amount < 0) throw new Error(`commitment of ${request.amount} is not a whole amount`);
    const previous = changed[request.proposalId] ?? cycle.commitments[request.proposalId] ?? onSlate[request.proposalId];
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
