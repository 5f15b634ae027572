import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, ForbiddenError, NotFoundError } from '@ctip/errors';
import { assertStatus } from '../proposals/proposal-status';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { ProposalDocument } from '../proposals/proposal.schema';
import { RecusalPolicy } from './recusal-policy';
import { ReviewProgressService } from './review-progress.service';
import { ReviewScoring, type Scores } from './review-scoring';
import { ReviewRepository } from './review.repository';
import { reviewIdOf, type ReviewDocument } from './review.schema';
import { formView, reviewView } from './review.view';

export interface DeclarationInput {
  hasConflict: boolean;
  statement?: string;
}

/**
 * What an assigned reviewer does: declare conflicts of interest, then read the scoring form and score.
 * A recused reviewer is refused with 403 (it is about who they are, not about the proposal's state); a
 * missing declaration and a proposal no longer under review are 409s naming what is missing or the state.
 */
@Injectable()
export class ReviewingService {
  private readonly recusals = new RecusalPolicy();

  constructor(
    private readonly proposals: ProposalRepository,
    private readonly reviews: ReviewRepository,
    private readonly progress: ReviewProgressService,
    @Inject(ReviewScoring) private readonly scoring: ReviewScoring,
  ) {}

  async declare(proposalId: string, input: DeclarationInput, reviewer: Principal) {
    const { proposal } = await this.assigned(proposalId, reviewer);
    assertStatus(proposal.status, ['in-review'], 'declare conflicts of interest on');
    const declaredAt = new Date();
    const recusal = this.recusals.onDeclaration(input.hasConflict);
    const recused = await this.reviews.modify(reviewIdOf(proposalId, reviewer.subject), (current) => {
      const previous = current.declaration;
      if (previous && previous.hasConflict === input.hasConflict && previous.statement === input.statement)
        return { change: null, result: false };
      if (previous?.hasConflict && !input.hasConflict)
        throw new ConflictError('a declared conflict of interest cannot be withdrawn', { declaration: 'conflict' });
      const declaration = { hasConflict: input.hasConflict, declaredAt, ...(input.statement ? { statement: input.statement } : {}) };
      const newRecusal = recusal && !current.recusal ? { recusal: { ...recusal, recordedAt: declaredAt } } : {};
      return { change: { declaration, ...newRecusal }, result: 'recusal' in newRecusal };
    });
    // A new recusal may complete the review: the others may all have scored already.
    if (recused) await this.progress.afterReview(proposalId);
    return this.ownReview(proposalId, reviewer);
  }

  async form(proposalId: string, reviewer: Principal) {
    const { proposal, review } = await this.assigned(proposalId, reviewer);
    this.assertMayScore(review);
    return formView(proposal, review, this.scoring);
  }

  async score(proposalId: string, scores: Scores, reviewer: Principal) {
    const { proposal, review } = await this.assigned(proposalId, reviewer);
    this.assertMayScore(review);
    assertStatus(proposal.status, ['in-review'], 'score');
    const scoredAt = new Date();
    await this.reviews.modify(review._id, (current) => {
      this.assertMayScore(current);
      if (current.scores && sameScores(current.scores, scores)) return { change: null, result: undefined };
      return { change: { scores, scoredAt, scoreRevisions: current.scoreRevisions + 1 }, result: undefined };
    });
    const status = await this.progress.afterReview(proposalId);
    return { ...(await this.ownReview(proposalId, reviewer)), proposalStatus: status };
  }

  private async ownReview(proposalId: string, reviewer: Principal) {
    const review = await this.reviews.findById(reviewIdOf(proposalId, reviewer.subject));
    if (!review) throw new NotFoundError('no review of this proposal is assigned to you');
    return reviewView(review, this.scoring);
  }

  /** The caller's review and its proposal; 404 when the caller is not assigned (whether or not it exists). */
  private async assigned(proposalId: string, reviewer: Principal): Promise<{ proposal: ProposalDocument; review: ReviewDocument }> {
    const review = await this.reviews.findById(reviewIdOf(proposalId, reviewer.subject));
    const proposal = review ? await this.proposals.findById(proposalId) : null;
    if (!review || !proposal) throw new NotFoundError('no review of this proposal is assigned to you');
    return { proposal, review };
  }

  private assertMayScore(review: ReviewDocument): void {
    if (review.recusal) throw new ForbiddenError(`you are recused from reviewing this proposal (${review.recusal.reason})`);
    if (!review.declaration)
      throw new ConflictError('declare conflicts of interest first: POST /reviews/{proposalId}/declaration', { missing: 'declaration' });
  }
}

function sameScores(a: Scores, b: Scores): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
