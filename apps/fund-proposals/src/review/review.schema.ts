import { aggregateSchemaOptions } from '@ctip/persistence';
import { Schema } from 'mongoose';
import type { RecusalReason } from './recusal-policy';
import type { Scores } from './review-scoring';

export const REVIEW_MODEL = 'Review';

export interface Declaration {
  hasConflict: boolean;
  statement?: string;
  declaredAt: Date;
}

export interface Recusal {
  reason: RecusalReason;
  organisationId?: string;
  recordedAt: Date;
}

/**
 * One reviewer's review of one proposal, `_id` = `${proposalId}/${reviewerId}`: the assignment, the
 * conflict-of-interest declaration, a recusal if any, and the scores with their justifications. None of it
 * leaves this collection except to fund staff and to the reviewer themself; no event carries any of it.
 */
export interface ReviewDocument {
  _id: string;
  proposalId: string;
  reviewerId: string;
  assignedBy: string;
  assignedAt: Date;
  declaration?: Declaration;
  recusal?: Recusal;
  scores?: Scores;
  scoredAt?: Date;
  /** How many times the reviewer scored (1 = first scoring; more = revisions). */
  scoreRevisions: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function reviewIdOf(proposalId: string, reviewerId: string): string {
  return `${proposalId}/${reviewerId}`;
}

export const reviewSchema = new Schema(
  {
    _id: { type: String, required: true },
    proposalId: { type: String, required: true },
    reviewerId: { type: String, required: true },
    assignedBy: { type: String, required: true },
    assignedAt: { type: Date, required: true },
    declaration: { type: Schema.Types.Mixed },
    recusal: { type: Schema.Types.Mixed },
    scores: { type: Schema.Types.Mixed },
    scoredAt: { type: Date },
    scoreRevisions: { type: Number, required: true, default: 0 },
  },
  { ...aggregateSchemaOptions, collection: 'reviews' },
);
// Serves the panel of a proposal (assignment, scoring, the officers' view): a few reviews each.
reviewSchema.index({ proposalId: 1, reviewerId: 1 });
// Serves a reviewer's list of assignments, newest first.
reviewSchema.index({ reviewerId: 1, assignedAt: -1, _id: -1 });
