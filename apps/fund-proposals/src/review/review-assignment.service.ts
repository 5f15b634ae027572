import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { NotFoundError, UnprocessableError, type FieldProblem } from '@ctip/errors';
import { assertStatus } from '../proposals/proposal-status';
import { ProposalRepository } from '../proposals/proposal.repository';
import { RecusalPolicy } from './recusal-policy';
import { ReviewProgressService } from './review-progress.service';
import { ReviewQueryService } from './review-query.service';
import { ReviewRepository } from './review.repository';
import { reviewIdOf } from './review.schema';
import { FundDirectoryRepository, type FundPerson } from '../directory-view/fund-directory.repository';

/** The directory role a person needs to be assigned as a reviewer. */
export const REVIEWER_ROLE = 'fund-reviewer';

/**
 * A fund officer puts reviewers on an `eligible` or `in-review` proposal. The panel only grows: the
 * reviewers given are added to those already assigned (the same set again changes nothing). A reviewer
 * of the submitting organisation or of an implementing partner is assigned recused, with the reason.
 */
@Injectable()
export class ReviewAssignmentService {
  private readonly recusals = new RecusalPolicy();

  constructor(
    private readonly proposals: ProposalRepository,
    private readonly reviews: ReviewRepository,
    private readonly directory: FundDirectoryRepository,
    private readonly progress: ReviewProgressService,
    private readonly query: ReviewQueryService,
  ) {}

  async assign(proposalId: string, reviewerIds: string[], officer: Principal) {
    const proposal = await this.proposals.findById(proposalId);
    if (!proposal) throw new NotFoundError('no such proposal');
    assertStatus(proposal.status, ['eligible', 'in-review'], 'assign reviewers to');
    const people = await this.reviewersOf(reviewerIds);
    const parties = { organisationId: proposal.organisationId, implementingPartnerIds: proposal.content.implementingPartnerIds };
    const assignedAt = new Date();
    const created: string[] = [];
    for (const person of people) {
      const recusal = this.recusals.atAssignment(person.organisationId, parties);
      const _id = reviewIdOf(proposalId, person.personId);
      const review = { _id, proposalId, reviewerId: person.personId, assignedBy: officer.subject, assignedAt };
      if (await this.reviews.assign(recusal ? { ...review, recusal: { ...recusal, recordedAt: assignedAt } } : review)) created.push(_id);
    }
    try {
      await this.progress.afterAssignment(proposalId);
    } catch (error) {
      // The proposal moved on meanwhile (e.g. withdrawn): leave no assignment of this request behind.
      await this.reviews.unassign(created);
      throw error;
    }
    return this.query.panel(proposalId);
  }

  /** Every id must be an active directory person with the reviewer role; 422 naming each one that is not. */
  private async reviewersOf(reviewerIds: string[]): Promise<FundPerson[]> {
    // The raw read model (inactive people included), so a refusal can say why.
    const people = await Promise.all(reviewerIds.map((id) => this.directory.findPerson(id)));
    const problems: FieldProblem[] = [];
    people.forEach((person, index) => {
      const field = `reviewerIds.${index}`;
      if (!person) problems.push({ field, reason: 'is not a person in the directory' });
      else if (!person.active) problems.push({ field, reason: 'is not active in the directory' });
      else if (!person.roles.includes(REVIEWER_ROLE))
        problems.push({ field, reason: `does not have the ${REVIEWER_ROLE} role in the directory` });
    });
    if (problems.length > 0) throw new UnprocessableError('some reviewers cannot be assigned', problems);
    return people as FundPerson[];
  }
}
