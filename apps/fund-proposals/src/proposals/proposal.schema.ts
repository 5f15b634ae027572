import type { FUND_ACTIVITY_TYPES, FUND_CRITERIA, SCREENING_CHECKS } from '@ctip/contracts';
import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { aggregateSchemaOptions } from '@ctip/persistence';
import { Schema } from 'mongoose';
import type { ProposalStatus } from './proposal-status';

export const PROPOSAL_MODEL = 'Proposal';

export interface BudgetLine {
  category: string;
  description: string;
  /** Minor units of the proposal's currency. */
  amount: number;
}

export interface ExpectedResult {
  result: string;
  /** Objects, not nested arrays: FerretDB stores no arrays inside arrays. */
  indicators: { indicator: string }[];
}

/** What the applicant writes and edits; every submission freezes a copy as a numbered version. */
export interface ProposalContent {
  title: string;
  summary: string;
  /** The language the applicant wrote in. */
  language: 'en' | 'ru';
  countries: string[];
  implementingPartnerIds: string[];
  activityTypes: (typeof FUND_ACTIVITY_TYPES)[number][];
  targetGroups: string[];
  plannedStart: string;
  plannedEnd: string;
  budget: { currency: string; lines: BudgetLine[]; coFunding: number; amountRequested: number };
  expectedResults: ExpectedResult[];
  /** The applicant's statement against each of the four preference criteria. */
  criteriaStatements: Record<(typeof FUND_CRITERIA)[number], string>;
}

/** Design consultation: comments per section, revision requests with the points to address, time spent. */
export interface ConsultationState {
  /** `internal` comments are for ODIHR only, never shown to the applicant. */
  comments: { commentId: string; section: string; authorId: string; text: string; internal?: boolean; at: Date }[];
  /** One per revision request, on the version it was made on; closed by the resubmission (`respondedAt`, `durationMs`). */
  rounds: {
    version?: number;
    requestedAt: Date;
    requestedBy: string;
    points: { section: string; text: string }[];
    respondedAt?: Date;
    durationMs?: number;
    /** When the silent applicant was reminded (once per round). */
    remindedAt?: Date;
  }[];
  /** Time spent waiting for the applicant, over all closed rounds. */
  totalMs: number;
}

export interface ScreeningState {
  version: number;
  checks: Record<(typeof SCREENING_CHECKS)[number], boolean>;
  outcome: 'eligible' | 'ineligible';
  reasons: string[];
  /** The officer's note, for ODIHR only. */
  note?: string;
  screenedBy: string;
  screenedAt: Date;
}

/** Kept on the proposal by the review module; the scores themselves stay in `reviews`. */
export interface ReviewSummary {
  assigned: number;
  scored: number;
  weightedScore?: number;
  disagreement: boolean;
  reviewedAt?: Date;
}

/** An urgent request: the justification never leaves this service (it may name a case by its reference only). */
export interface UrgentState {
  justification: string;
  caseRef?: string;
  requestedAt: Date;
  decideBy: Date;
  decisions: { by: string; decision: 'approve' | 'decline'; amount?: number; reason?: string; at: Date }[];
}

export interface DecisionState {
  decision: 'approved' | 'deferred' | 'declined';
  lane: 'quarterly' | 'urgent';
  cycleId: string;
  amountApproved: number;
  reason?: string;
  deferredTo?: string;
  decidedAt: Date;
  confirmedBy: string[];
}

/**
 * A proposal to the Anti-Trafficking Project Fund: one aggregate document with its current content, its
 * state and its outbox, changed only through `ProposalRepository.modify` (read, decide, version-guarded
 * write). Frozen versions live in `proposal_versions`, reviews and cycles in their own collections.
 * The optional parts (consultation, screening, review, urgent, decision) are each owned by one module and
 * stored here so that a state change and its events stay one single-document write.
 */
export interface ProposalDocument extends WithOutbox {
  _id: string;
  /** `ATPF-2027-0042`. */
  proposalRef: string;
  organisationId: string;
  createdBy: string;
  status: ProposalStatus;
  content: ProposalContent;
  /** Increases with every edit of the content: a stale edit (409) names the current one. */
  revision: number;
  /** Number of the last frozen version; 0 while never submitted. */
  submittedVersion: number;
  submittedAt?: Date;
  /** The quarter it counts for (set by the quarterly close, or `urgent`). */
  cycleId?: string;
  consultation: ConsultationState;
  screening?: ScreeningState;
  review?: ReviewSummary;
  urgent?: UrgentState;
  decision?: DecisionState;
  /** Demonstration data (the fund seed); never set for a real proposal. */
  demo?: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Untyped on purpose, like the case: nested state is Mixed and written whole through version-guarded updates. */
export const proposalSchema = new Schema(
  {
    _id: { type: String, required: true },
    proposalRef: { type: String, required: true, unique: true },
    organisationId: { type: String, required: true },
    createdBy: { type: String, required: true },
    status: { type: String, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    revision: { type: Number, required: true, default: 1 },
    submittedVersion: { type: Number, required: true, default: 0 },
    submittedAt: { type: Date },
    cycleId: { type: String },
    consultation: { type: Schema.Types.Mixed, default: () => ({ comments: [], rounds: [], totalMs: 0 }) },
    screening: { type: Schema.Types.Mixed },
    review: { type: Schema.Types.Mixed },
    urgent: { type: Schema.Types.Mixed },
    decision: { type: Schema.Types.Mixed },
    demo: { type: Boolean },
  },
  { ...aggregateSchemaOptions, collection: 'proposals' },
);
addOutbox(proposalSchema);
// Serves an organisation's proposal list, newest first (applicants see only their organisation's).
proposalSchema.index({ organisationId: 1, createdAt: -1, _id: -1 });
// Serves the quarterly close: reviewed proposals by state (a scan on the test database, once a quarter).
proposalSchema.index({ status: 1, submittedAt: 1 });
