import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { Schema } from 'mongoose';

export const FUND_CYCLE_MODEL = 'FundCycle';

/**
 * `open` until its cut-off; `closing` while the slate is built (resumable); `closed` with a draft slate the
 * officers amend; `prepared` once a fund officer put it to the committee; `confirming` while the committee's
 * decisions are applied (resumable); `confirmed` when every proposal on it has its one decision.
 */
export const CYCLE_STATUSES = ['open', 'closing', 'closed', 'prepared', 'confirming', 'confirmed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];
export type Lane = 'quarterly' | 'urgent';

/** Money committed to one proposal (or project) from a cycle's envelope; keyed by proposal id in the cycle. */
export interface Commitment {
  amount: number;
  lane: Lane;
  at: Date;
}

/**
 * The committee's approved total of a slate, committed as one amount when it confirms (the per-proposal
 * amounts are the slate lines' decisions); `token` names the confirm request that holds it, so a request
 * that failed releases only its own commitment.
 */
export interface SlateCommitment {
  amount: number;
  token: string;
  at: Date;
}

/** What a settled cycle handed on to a later one; it can commit nothing more from either lane. */
export interface CarriedOut {
  to: string;
  quarterly: number;
  urgent: number;
  at: Date;
}

/** Progress of the close, so that a close interrupted by a crash resumes where it stopped. */
export interface ClosingState {
  by: 'schedule' | 'officer';
  officerId?: string;
  startedAt: Date;
  /** Proposals reviewed up to this instant are on the slate: the cut-off, or the moment of an early close by hand. */
  reviewedBy: Date;
  /** Quarterly money available when the close began: the cut line of every run of this close. */
  available: number;
  /** Slate lines written so far, in rank order. */
  linesWritten: number;
}

export interface SlateSummary {
  lines: number;
  proposedForApproval: number;
  proposedAmount: number;
  rolledOver: number;
}

export interface ConfirmationState {
  preparedBy: string;
  preparedAt: Date;
  confirmedBy?: string;
  confirmedAt?: Date;
  /** Lines whose decision has been applied to the proposal. */
  applied: number;
  approved?: number;
  deferred?: number;
  declined?: number;
}

/**
 * A quarter of the Fund (`2027-Q1`): its cut-off and decision date, its envelope (what is available this
 * quarter: its own amount plus what earlier quarters left uncommitted, `carryOver`) and what is committed
 * from it. The urgent reserve is the part of the envelope only the urgent fast-track may draw on. Amounts
 * are minor units of the fund's currency. The confirmed slate's approvals are one `slateCommitment` (the
 * amounts per proposal are on its lines, in `fund_slate_lines`); other commitments (urgent approvals,
 * change requests, which re-commit a slate approval at its new amount) are a map keyed by proposal id, so
 * committing twice is one commitment — the cycle document stays small however long the slate.
 */
export interface FundCycleDocument extends WithOutbox {
  _id: string;
  status: CycleStatus;
  cutOff: Date;
  decisionDate: Date;
  currency: string;
  /** The quarter's own amount, without carry-over. */
  quarterAmount: number;
  /** What earlier quarters left uncommitted, added to the envelope: sum of `carriedIn`. */
  carryOver: number;
  /** Carry-over per earlier cycle: keyed so that carrying one cycle's remainder twice is one carry. */
  carriedIn: Record<string, number>;
  carriedOut?: CarriedOut;
  envelope: number;
  urgentReserve: number;
  /** Sum of the quarterly commitments (never above envelope − urgentReserve). */
  committed: number;
  /** Sum of the urgent commitments (never above urgentReserve). */
  urgentCommitted: number;
  commitments: Record<string, Commitment>;
  slateCommitment?: SlateCommitment;
  createdBy: string;
  closing?: ClosingState;
  closedAt?: Date;
  slate?: SlateSummary;
  confirmation?: ConfirmationState;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const fundCycleSchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, default: 'open' },
    cutOff: { type: Date, required: true },
    decisionDate: { type: Date, required: true },
    currency: { type: String, required: true },
    quarterAmount: { type: Number, required: true, default: 0 },
    carryOver: { type: Number, required: true, default: 0 },
    carriedIn: { type: Schema.Types.Mixed, default: () => ({}) },
    carriedOut: { type: Schema.Types.Mixed },
    envelope: { type: Number, required: true },
    urgentReserve: { type: Number, required: true },
    committed: { type: Number, required: true, default: 0 },
    urgentCommitted: { type: Number, required: true, default: 0 },
    commitments: { type: Schema.Types.Mixed, default: () => ({}) },
    slateCommitment: { type: Schema.Types.Mixed },
    createdBy: { type: String, required: true, default: 'system' },
    closing: { type: Schema.Types.Mixed },
    closedAt: { type: Date },
    slate: { type: Schema.Types.Mixed },
    confirmation: { type: Schema.Types.Mixed },
  },
  { timestamps: true, versionKey: 'version', minimize: false, collection: 'fund_cycles' },
);
addOutbox(fundCycleSchema);
// Serves the current cycle (the open one whose cut-off is next) and the start-up catch-up of missed closes.
fundCycleSchema.index({ status: 1, cutOff: 1 });
