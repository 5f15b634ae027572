export type SlateProposal = 'approve' | 'defer' | 'decline';

/** A reviewed proposal as the close sees it, in rank order. */
export interface SlateCandidate {
  proposalId: string;
  weightedScore: number;
  amountRequested: number;
}

/**
 * Walks the ranked proposals (weighted score, highest first; ties by submission time, then id) and
 * proposes each: approval at the amount requested while the quarter's money lasts, decline below the
 * decline score, deferral to the next cycle for the rest. The cut line is strict: once a proposal does
 * not fit, no lower-ranked one is proposed for approval ahead of it even if it would fit — the committee
 * may still amend the lines. Fed one candidate at a time, so a close streams any number of them.
 */
export class SlateCutLine {
  private remaining: number;
  private cut = false;
  rank = 0;
  proposedForApproval = 0;
  proposedAmount = 0;

  constructor(
    available: number,
    private readonly declineBelowScore: number,
  ) {
    this.remaining = Math.max(0, available);
  }

  next(candidate: SlateCandidate): { rank: number; proposed: SlateProposal; amount: number } {
    this.rank += 1;
    if (candidate.weightedScore < this.declineBelowScore) return { rank: this.rank, proposed: 'decline', amount: 0 };
    if (!this.cut && candidate.amountRequested <= this.remaining) {
      this.remaining -= candidate.amountRequested;
      this.proposedForApproval += 1;
      this.proposedAmount += candidate.amountRequested;
      return { rank: this.rank, proposed: 'approve', amount: candidate.amountRequested };
    }
    this.cut = true;
    return { rank: this.rank, proposed: 'defer', amount: 0 };
  }
}

/** The slate's order: weighted score descending, then submission time, then id (stable over reruns). */
export const SLATE_SORT = { 'review.weightedScore': -1, submittedAt: 1, _id: 1 } as const;
