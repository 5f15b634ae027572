import { Schema } from 'mongoose';

export const FUND_CYCLE_MODEL = 'FundCycle';

export type CycleStatus = 'open' | 'closing' | 'closed' | 'confirmed';
export type Lane = 'quarterly' | 'urgent';

/** Money committed to one proposal (or project) from a cycle's envelope; keyed by proposal id in the cycle. */
export interface Commitment {
  amount: number;
  lane: Lane;
  at: Date;
}

/**
 * A quarter of the Fund (`2027-Q1`): its cut-off and decision date, its envelope (what is available this
 * quarter, including what earlier quarters left uncommitted) and what is committed from it. The urgent
 * reserve is the part of the envelope only the urgent fast-track may draw on. Amounts are minor units of
 * the fund's currency. Commitments are a map keyed by proposal id, so committing twice is one commitment.
 */
export interface FundCycleDocument {
  _id: string;
  status: CycleStatus;
  cutOff: Date;
  decisionDate: Date;
  currency: string;
  envelope: number;
  urgentReserve: number;
  /** Sum of the quarterly commitments (never above envelope − urgentReserve). */
  committed: number;
  /** Sum of the urgent commitments (never above urgentReserve). */
  urgentCommitted: number;
  commitments: Record<string, Commitment>;
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
    envelope: { type: Number, required: true },
    urgentReserve: { type: Number, required: true },
    committed: { type: Number, required: true, default: 0 },
    urgentCommitted: { type: Number, required: true, default: 0 },
    commitments: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { timestamps: true, versionKey: 'version', minimize: false, collection: 'fund_cycles' },
);
