import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { aggregateSchemaOptions } from '@ctip/persistence';
import { Schema } from 'mongoose';

export const PROJECT_MODEL = 'Project';

export const TRANCHE_CONDITIONS = ['on-signature', 'interim-report-accepted', 'final-report-accepted'] as const;
export type TrancheCondition = (typeof TRANCHE_CONDITIONS)[number];

export const REPORT_KINDS = ['interim-narrative', 'interim-financial', 'final-narrative', 'final-financial'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface GrantAgreement {
  reference: string;
  signedOn: string;
  /** Directory person ids of who signed, for the Fund and for the grantee. */
  signatories: { personId: string }[];
  /** Always the project's approved amount, in minor units of `currency`. */
  amount: number;
  currency: string;
  period: { start: string; end: string };
  recordedBy: string;
  recordedAt: Date;
}

export interface Tranche {
  trancheId: string;
  amount: number;
  condition: TrancheCondition;
  state: 'planned' | 'released';
  releasedBy?: string;
  releasedAt?: Date;
}

export interface ReportSubmission {
  title: string;
  /** Where the report is kept (the Fund stores no files). */
  link: string;
  submittedBy: string;
  submittedAt: Date;
}

/**
 * `open` reports are owed (pending, or sent back with changes requested) and get reminders; `submitted`
 * waits for the officer; `accepted` and `waived` are settled.
 */
export type ReportState = 'pending' | 'submitted' | 'changes-requested' | 'accepted' | 'waived';

export interface ReportReminders {
  /** A fresh token whenever the reminders are planned again (new due date, report reopened): older jobs find nothing to do. */
  plan: string;
  /** The last step of this plan that reminded (-1 none; 0 before the due date; k ≥ 1 the k-th overdue notice). */
  lastStep: number;
  /** The step the plan's pending job is for (the job to cancel when the report arrives). */
  nextStep: number;
  /** Reminders sent for this report over all plans: the `sequence` of the next one is this + 1. */
  sent: number;
}

export interface ProjectReport {
  reportId: string;
  kind: ReportKind;
  dueOn: string;
  state: ReportState;
  submissions: ReportSubmission[];
  /** What the officer decided last, with the reason (shown to the applicant). */
  review?: { decision: 'accept' | 'request-changes' | 'waive'; reason?: string; by: string; at: Date };
  reminders: ReportReminders;
}

export interface ChangeRequest {
  changeId: string;
  previousAmount: number;
  newAmount: number;
  reason: string;
  requestedBy: string;
  /** The caller-scoped Idempotency-Key it was created under: a retry finds it. */
  idempotencyKey: string;
  requestedAt: Date;
  state: 'requested' | 'prepared' | 'approved' | 'rejected';
  /** The tranche plan matching `newAmount`, set by the officer who prepares the change. */
  tranches?: Tranche[];
  preparedBy?: string;
  preparedAt?: Date;
  decidedBy?: string;
  decidedAt?: Date;
  decisionReason?: string;
}

export interface FinalEvaluation {
  rating: number;
  lessonsLearned: string;
  recordedBy: string;
  recordedAt: Date;
}

/**
 * An approved proposal's life as a project: one aggregate document (agreement, tranches, reports, change
 * requests, evaluation, internal notes, outbox) changed only through `ProjectRepository.modify`. The id
 * derives from the proposal's, so a redelivered decision finds the project it already opened.
 */
export interface ProjectDocument extends WithOutbox {
  _id: string;
  proposalId: string;
  proposalRef: string;
  title: string;
  organisationId: string;
  countries: string[];
  /** Who submitted the proposal: reminded when the organisation has no fund contact in the directory. */
  submittedBy?: string;
  cycleId: string;
  lane: 'quarterly' | 'urgent';
  currency: string;
  approvedAmount: number;
  status: 'active' | 'closed';
  approvedAt: Date;
  agreement?: GrantAgreement;
  tranches: Tranche[];
  reports: ProjectReport[];
  changeRequests: ChangeRequest[];
  evaluation?: FinalEvaluation;
  /** Officers' internal notes: never shown to applicants. */
  notes: { noteId: string; authorId: string; text: string; at: Date }[];
  closedBy?: string;
  closedAt?: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const projectSchema = new Schema(
  {
    _id: { type: String, required: true },
    proposalId: { type: String, required: true },
    proposalRef: { type: String, required: true },
    title: { type: String, required: true },
    organisationId: { type: String, required: true },
    countries: { type: [String], required: true },
    submittedBy: { type: String },
    cycleId: { type: String, required: true },
    lane: { type: String, required: true },
    currency: { type: String, required: true },
    approvedAmount: { type: Number, required: true },
    status: { type: String, required: true },
    approvedAt: { type: Date, required: true },
    agreement: { type: Schema.Types.Mixed },
    tranches: { type: Schema.Types.Mixed, default: () => [] },
    reports: { type: Schema.Types.Mixed, default: () => [] },
    changeRequests: { type: Schema.Types.Mixed, default: () => [] },
    evaluation: { type: Schema.Types.Mixed },
    notes: { type: Schema.Types.Mixed, default: () => [] },
    closedBy: { type: String },
    closedAt: { type: Date },
  },
  { ...aggregateSchemaOptions, collection: 'projects' },
);
addOutbox(projectSchema);
// Serves an organisation's project list, newest first (applicants see only their organisation's).
projectSchema.index({ organisationId: 1, createdAt: -1, _id: -1 });
// Serves the officers' list of every project, newest first.
projectSchema.index({ createdAt: -1, _id: -1 });

/** One project per approved proposal. */
export const projectIdFor = (proposalId: string) => `project-${proposalId}`;
