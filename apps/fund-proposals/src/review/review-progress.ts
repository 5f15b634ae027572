import type { Criterion, ReviewScoring, Scores } from './review-scoring';

/** A proposal needs at least this many reviewers who can score (assigned and not recused). */
export const MIN_SCORING_REVIEWERS = 2;

/** What the rule needs of one assigned reviewer. */
export interface PanelMember {
  recused: boolean;
  scores?: Scores;
}

export interface ReviewProgress {
  assigned: number;
  /** Assigned and not recused. */
  able: number;
  /** Able reviewers who have scored. */
  scored: number;
  /** How many more reviewers the officer must assign before the proposal can be reviewed. */
  moreNeeded: number;
  /** Every able reviewer scored and there are enough of them: the proposal is reviewed. */
  complete: boolean;
  disputedCriteria: Criterion[];
  /** Mean of the able reviewers' weighted totals, over those who scored. */
  weightedScore?: number;
}

/**
 * When is a proposal reviewed? When at least two assigned, non-recused reviewers exist and every one of
 * them has scored. Recused reviewers count as assigned, never as scorers, and their scores (if they
 * scored before declaring a conflict) are left out.
 */
export class ReviewProgressRule {
  constructor(private readonly scoring: ReviewScoring) {}

  of(panel: readonly PanelMember[]): ReviewProgress {
    const able = panel.filter((member) => !member.recused);
    const scored = able.flatMap((member) => (member.scores ? [member.scores] : []));
    const moreNeeded = Math.max(0, MIN_SCORING_REVIEWERS - able.length);
    return {
      assigned: panel.length,
      able: able.length,
      scored: scored.length,
      moreNeeded,
      complete: moreNeeded === 0 && scored.length === able.length,
      disputedCriteria: this.scoring.disputedCriteria(scored),
      weightedScore: this.scoring.weightedScore(scored),
    };
  }
}
