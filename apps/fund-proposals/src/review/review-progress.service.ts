import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@ctip/errors';
import { assertMove, assertStatus, type ProposalStatus } from '../proposals/proposal-status';
import { ProposalRepository, type ProposalChange } from '../proposals/proposal.repository';
import type { ProposalDocument, ReviewSummary } from '../proposals/proposal.schema';
import { ReviewProgressRule, type ReviewProgress } from './review-progress';
import { ReviewRepository } from './review.repository';
import type { ReviewDocument } from './review.schema';

const MAX_SETTLE_ATTEMPTS = 8;
const STALE = 'stale' as const;

export function progressOf(rule: ReviewProgressRule, panel: readonly ReviewDocument[]): ReviewProgress {
  return rule.of(panel.map((review) => ({ recused: review.recusal !== undefined, scores: review.scores })));
}

/**
 * Keeps the proposal's review summary and status in step with its reviews. Reviews and the proposal are
 * two documents and the test database has no transactions, so every change to a review is written first
 * and then settled here: the panel is read after the write, and the proposal is changed through
 * `ProposalRepository.modify` under its version guard. Of two last scores written at once, at least one
 * settle reads both, and only one write moves the proposal to `reviewed` (the other finds it moved).
 * No event is written: nothing of a review is a public fact.
 */
@Injectable()
export class ReviewProgressService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly reviews: ReviewRepository,
    private readonly rule: ReviewProgressRule,
  ) {}

  /** After an assignment: `eligible` becomes `in-review`; refuses (409) a proposal in any other state. */
  async afterAssignment(proposalId: string): Promise<ProposalStatus> {
    return this.settle(proposalId, (status) => assertStatus(status, ['eligible', 'in-review'], 'assign reviewers to'));
  }

  /** After a declaration or a score: `reviewed` once every able reviewer scored. */
  async afterReview(proposalId: string): Promise<ProposalStatus> {
    return this.settle(proposalId, () => undefined);
  }

  /**
   * Reads the proposal, then the panel, then writes guarded by the version it read first: if another
   * settle wrote in between, it starts over with a fresh panel, so a panel read before a later review
   * change never overwrites a summary that includes it.
   */
  private async settle(proposalId: string, guard: (status: ProposalStatus) => void): Promise<ProposalStatus> {
    for (let attempt = 0; attempt < MAX_SETTLE_ATTEMPTS; attempt += 1) {
      const before = await this.proposals.findById(proposalId);
      if (!before) throw new NotFoundError('no such proposal');
      const progress = progressOf(this.rule, await this.reviews.panelOf(proposalId));
      const status = await this.proposals.modify(proposalId, (current) => {
        if (current.version !== before.version) return { change: null, result: STALE };
        return this.decide(current, progress, guard);
      });
      if (status === null) throw new NotFoundError('no such proposal');
      if (status !== STALE) return status;
    }
    throw new ConflictError('the proposal is being reviewed by many requests at once; try again');
  }

  private decide(
    current: ProposalDocument,
    progress: ReviewProgress,
    guard: (status: ProposalStatus) => void,
  ): { change: ProposalChange | null; result: ProposalStatus } {
    guard(current.status);
    const now = new Date();
    if (current.status === 'reviewed') {
      // A revision written while another reviewer's last score settled: refresh the summary it missed.
      const refreshed = progress.complete ? summaryOf(progress, current.review?.reviewedAt ?? now) : undefined;
      const change = refreshed && !sameSummary(refreshed, current.review) ? { set: { review: refreshed } } : null;
      return { change, result: current.status };
    }
    if (current.status !== 'eligible' && current.status !== 'in-review') return { change: null, result: current.status };
    let next: ProposalStatus = 'in-review';
    if (current.status === 'eligible') assertMove(current.status, next, 'assign reviewers to');
    if (progress.complete) {
      assertMove(next, 'reviewed', 'complete the review of');
      next = 'reviewed';
    }
    const review = summaryOf(progress, next === 'reviewed' ? now : undefined);
    if (next === current.status && sameSummary(review, current.review)) return { change: null, result: current.status };
    return { change: { set: { status: next, review } }, result: next };
  }
}

/** The weighted score is set only once the proposal is reviewed: a partial mean would rank it falsely. */
function summaryOf(progress: ReviewProgress, reviewedAt: Date | undefined): ReviewSummary {
  const summary: ReviewSummary = {
    assigned: progress.assigned,
    scored: progress.scored,
    disagreement: progress.disputedCriteria.length > 0,
  };
  if (reviewedAt !== undefined && progress.weightedScore !== undefined) {
    summary.weightedScore = progress.weightedScore;
    summary.reviewedAt = reviewedAt;
  }
  return summary;
}

function sameSummary(a: ReviewSummary, b: ReviewSummary | undefined): boolean {
  return (
    b !== undefined &&
    a.assigned === b.assigned &&
    a.scored === b.scored &&
    a.disagreement === b.disagreement &&
    a.weightedScore === b.weightedScore &&
    a.reviewedAt?.getTime() === (b.reviewedAt === undefined ? undefined : new Date(b.reviewedAt).getTime())
  );
}
