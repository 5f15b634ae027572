import { FUND_CRITERIA } from '@ctip/contracts';

export type Criterion = (typeof FUND_CRITERIA)[number];
export type CriterionWeights = Record<Criterion, number>;

/** One reviewer's mark on one criterion: an integer 0–5 and why. */
export interface CriterionScore {
  score: number;
  justification: string;
}
export type Scores = Record<Criterion, CriterionScore>;

/** Two reviewers this far apart on a criterion flag it for discussion. */
export const DISAGREEMENT_GAP = 2;

/** Totals are kept to two decimals: enough to rank, and what a person reads. */
function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The arithmetic of review: a reviewer's weighted total is the weighted mean of their four scores, so it
 * stays on the 0–5 scale whatever the weights (`Σ wᵢ·sᵢ / Σ wᵢ`); a proposal's weighted score is the plain
 * mean of its reviewers' totals; a criterion is disputed when two reviewers differ by 2 or more on it.
 */
export class ReviewScoring {
  private readonly totalWeight: number;

  constructor(private readonly weights: CriterionWeights) {
    this.totalWeight = FUND_CRITERIA.reduce((sum, criterion) => sum + weights[criterion], 0);
    if (this.totalWeight <= 0) throw new Error('FUND_CRITERION_WEIGHTS: at least one criterion needs a weight above 0');
  }

  weightOf(criterion: Criterion): number {
    return this.weights[criterion];
  }

  weightedTotal(scores: Scores): number {
    const sum = FUND_CRITERIA.reduce((total, criterion) => total + this.weights[criterion] * scores[criterion].score, 0);
    return round2(sum / this.totalWeight);
  }

  /** The mean of the reviewers' weighted totals; undefined without any. */
  weightedScore(reviewers: Scores[]): number | undefined {
    if (reviewers.length === 0) return undefined;
    const totals = reviewers.map((scores) => this.weightedTotal(scores));
    return round2(totals.reduce((sum, total) => sum + total, 0) / totals.length);
  }

  /** The criteria on which some two reviewers differ by `DISAGREEMENT_GAP` or more, in the published order. */
  disputedCriteria(reviewers: Scores[]): Criterion[] {
    return FUND_CRITERIA.filter((criterion) => {
      const marks = reviewers.map((scores) => scores[criterion].score);
      return marks.length >= 2 && Math.max(...marks) - Math.min(...marks) >= DISAGREEMENT_GAP;
    });
  }
}
