import { Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam, ZodQuery, type PageQuery } from '@ctip/http';
import { ReviewAssignmentService } from './review-assignment.service';
import { REVIEW_STAFF_ROLES, ReviewQueryService } from './review-query.service';
import {
  assignmentListQuerySchema,
  assignmentPageSchema,
  assignReviewersSchema,
  criteriaViewSchema,
  declarationSchema,
  formViewSchema,
  ownOrPanelViewSchema,
  panelViewSchema,
  proposalIdParamSchema,
  reviewViewSchema,
  scoredReviewViewSchema,
  scoresSchema,
  type AssignReviewers,
  type DeclarationBody,
  type ScoresBody,
} from './review.dto';
import { ReviewingService } from './reviewing.service';

@ApiTags('review')
@ApiBearerAuth()
@Controller()
export class ReviewsController {
  constructor(
    private readonly assignment: ReviewAssignmentService,
    private readonly reviewing: ReviewingService,
    private readonly query: ReviewQueryService,
  ) {}

  @Get('criteria')
  @ZodOperation({
    summary: 'The preference criteria and their weights',
    description:
      'Open to every signed-in user, applicants included: the four criteria, their labels in English and Russian, and the weights of the weighted total.',
    responses: { 200: criteriaViewSchema },
  })
  criteria() {
    return this.query.criteria();
  }

  @Post('proposals/:proposalId/reviewers')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Assign reviewers to a proposal',
    description:
      'At least two directory people with the fund-reviewer role, added to those already assigned (the same set again changes nothing). An `eligible` proposal becomes `in-review`. A reviewer of the submitting organisation or of an implementing partner is assigned recused, with the reason. Answers the panel; `progress.moreReviewersNeeded` says when recusals leave fewer than two who can score. 409 when the proposal is not eligible or in review; 422 naming each reviewer who is unknown, inactive or not a reviewer.',
    responses: {
      200: {
        schema: panelViewSchema,
        links: { panel: { operationId: 'ReviewsController_review', parameters: { proposalId: '$response.body#/proposalId' } } },
      },
    },
    errors: [403, 404, 409, 422],
  })
  assign(
    @ZodParam('proposalId', proposalIdParamSchema) proposalId: string,
    @ZodBody(assignReviewersSchema) body: AssignReviewers,
    @CurrentPrincipal() officer: Principal,
  ) {
    return this.assignment.assign(proposalId, body.reviewerIds, officer);
  }

  @Get('reviews')
  @Roles('fund-reviewer')
  @ZodOperation({
    summary: 'My review assignments',
    description:
      'The proposals assigned to the caller, newest first, with what a declaration needs (reference, title, submitting organisation, implementing partners) and where each review stands. The proposal itself is in the scoring form, after the declaration.',
    responses: { 200: assignmentPageSchema },
    errors: [403],
  })
  assignments(@ZodQuery(assignmentListQuerySchema) query: PageQuery, @CurrentPrincipal() reviewer: Principal) {
    return this.query.assignments(reviewer, query);
  }

  @Get('reviews/:proposalId')
  @Roles(...REVIEW_STAFF_ROLES, 'fund-reviewer')
  @ZodOperation({
    summary: 'The review of a proposal',
    description:
      'Fund officers, the committee and the coordinator get the whole panel: every review with declarations, recusals, scores, justifications and the disagreement flags. A reviewer gets their own review only; 404 when not assigned.',
    responses: { 200: ownOrPanelViewSchema },
    errors: [403, 404],
  })
  review(@ZodParam('proposalId', proposalIdParamSchema) proposalId: string, @CurrentPrincipal() principal: Principal) {
    return this.query.forCaller(proposalId, principal);
  }

  @Post('reviews/:proposalId/declaration')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-reviewer')
  @ZodOperation({
    summary: 'Declare conflicts of interest',
    description:
      'Required before the scoring form. `hasConflict: true` recuses the reviewer for good (a later `false` answers 409); the same declaration again changes nothing. 404 when not assigned; 409 when the proposal is no longer in review.',
    responses: { 200: reviewViewSchema },
    errors: [403, 404, 409],
  })
  declare(
    @ZodParam('proposalId', proposalIdParamSchema) proposalId: string,
    @ZodBody(declarationSchema) body: DeclarationBody,
    @CurrentPrincipal() reviewer: Principal,
  ) {
    return this.reviewing.declare(proposalId, body, reviewer);
  }

  @Get('reviews/:proposalId/form')
  @Roles('fund-reviewer')
  @ZodOperation({
    summary: 'The scoring form',
    description:
      'The proposal, the criteria with their weights and the caller’s current scores. 409 (`current.missing: declaration`) until the caller declared; 403 when recused; 404 when not assigned.',
    responses: { 200: formViewSchema },
    errors: [403, 404, 409],
  })
  form(@ZodParam('proposalId', proposalIdParamSchema) proposalId: string, @CurrentPrincipal() reviewer: Principal) {
    return this.reviewing.form(proposalId, reviewer);
  }

  @Put('reviews/:proposalId/scores')
  @Roles('fund-reviewer')
  @ZodOperation({
    summary: 'Score a proposal',
    description:
      'A score 0–5 with a non-blank justification on each criterion; send again to revise while the proposal is in review. When every assigned, non-recused reviewer (at least two) has scored, the proposal becomes `reviewed` with its weighted score. 403 when recused; 404 when not assigned; 409 before the declaration or when the proposal is not in review (`current.status`).',
    responses: { 200: scoredReviewViewSchema },
    errors: [403, 404, 409],
  })
  score(
    @ZodParam('proposalId', proposalIdParamSchema) proposalId: string,
    @ZodBody(scoresSchema) body: ScoresBody,
    @CurrentPrincipal() reviewer: Principal,
  ) {
    return this.reviewing.score(proposalId, body.scores, reviewer);
  }
}
