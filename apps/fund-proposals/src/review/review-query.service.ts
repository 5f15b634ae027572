import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { NotFoundError } from '@ctip/errors';
import type { Page, PageRequest } from '@ctip/persistence';
import { ProposalRepository } from '../proposals/proposal.repository';
import { ReviewProgressRule } from './review-progress';
import { progressOf } from './review-progress.service';
import { ReviewScoring } from './review-scoring';
import { ReviewRepository } from './review.repository';
import { reviewIdOf } from './review.schema';
import { assignmentView, criteriaView, panelView, reviewView } from './review.view';

/** Fund staff who see every review of a proposal, with scores and disagreement flags. */
export const REVIEW_STAFF_ROLES = ['fund-officer', 'fund-committee', 'coordinator'] as const;

export function isReviewStaff(principal: Principal): boolean {
  return REVIEW_STAFF_ROLES.some((role) => principal.roles.includes(role));
}

/**
 * What each caller may see of review. Staff see the whole panel; a reviewer sees their own review and
 * their assignments, and nothing of other reviewers; an unassigned reviewer is told the review does not
 * exist (404), so the list of proposals under review does not leak. Applicants reach only the criteria.
 */
@Injectable()
export class ReviewQueryService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly reviews: ReviewRepository,
    @Inject(ReviewScoring) private readonly scoring: ReviewScoring,
    private readonly rule: ReviewProgressRule,
  ) {}

  criteria() {
    return criteriaView(this.scoring);
  }

  async panel(proposalId: string) {
    const proposal = await this.proposals.findById(proposalId);
    if (!proposal) throw new NotFoundError('no such proposal');
    const panel = await this.reviews.panelOf(proposalId);
    return panelView(proposal, panel, progressOf(this.rule, panel), this.scoring);
  }

  /** Staff get the panel; a reviewer gets their own review, or 404 when not assigned. */
  async forCaller(proposalId: string, principal: Principal) {
    if (isReviewStaff(principal)) return this.panel(proposalId);
    const review = await this.reviews.findById(reviewIdOf(proposalId, principal.subject));
    if (!review) throw new NotFoundError('no review of this proposal is assigned to you');
    return reviewView(review, this.scoring);
  }

  async assignments(principal: Principal, page: PageRequest): Promise<Page<ReturnType<typeof assignmentView>>> {
    const reviews = await this.reviews.forReviewer(principal.subject, page);
    const proposals = await this.proposals.findManyByIds([...new Set(reviews.items.map((review) => review.proposalId))]);
    const byId = new Map(proposals.map((proposal) => [proposal._id, proposal]));
    return { items: reviews.items.map((review) => assignmentView(review, byId.get(review.proposalId))), nextCursor: reviews.nextCursor };
  }
}
