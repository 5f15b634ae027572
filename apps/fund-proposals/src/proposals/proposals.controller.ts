import { Controller, Get, HttpCode, HttpStatus, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, ZodBody, ZodOperation, ZodParam, ZodQuery, type PageQuery } from '@ctip/http';
import type { Response } from 'express';
import { ConsultationService } from './consultation.service';
import { PROPOSAL_APPLICANTS, PROPOSAL_READERS } from './proposal-access.policy';
import { ProposalQueryService } from './proposal-query.service';
import {
  commentSchema,
  compareQuerySchema,
  proposalContentSchema,
  proposalIdParamSchema,
  proposalListQuerySchema,
  revisionRequestSchema,
  screeningSchema,
  updateProposalSchema,
  versionListQuerySchema,
  versionNumberParamSchema,
  type CommentRequest,
  type CompareQuery,
  type ProposalContentInput,
  type ProposalListQuery,
  type RevisionRequest,
  type ScreeningRequest,
  type UpdateProposal,
} from './proposal.dto';
import {
  commentViewSchema,
  comparisonSchema,
  proposalPageSchema,
  proposalViewSchema,
  versionPageSchema,
  versionViewSchema,
} from './proposal-view.dto';
import { odihrView } from './proposal.view';
import { ProposalsService } from './proposals.service';
import { ScreeningService } from './screening.service';

const ID = { id: '$response.body#/proposalId' };
const PROPOSAL_LINKS = {
  read: { operationId: 'ProposalsController_get', parameters: ID },
  edit: { operationId: 'ProposalsController_edit', parameters: ID },
  submit: { operationId: 'ProposalsController_submit', parameters: ID },
  versions: { operationId: 'ProposalsController_versions', parameters: ID },
  compare: { operationId: 'ProposalsController_compare', parameters: ID },
  comment: { operationId: 'ProposalsController_comment', parameters: ID },
  requestRevision: { operationId: 'ProposalsController_requestRevision', parameters: ID },
  screen: { operationId: 'ProposalsController_screen', parameters: ID },
};
const EVERYONE = [...PROPOSAL_APPLICANTS, ...PROPOSAL_READERS];

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals')
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly queries: ProposalQueryService,
    private readonly consultation: ConsultationService,
    private readonly screening: ScreeningService,
  ) {}

  @Post()
  @Roles(...PROPOSAL_APPLICANTS)
  @ZodOperation({
    summary: 'Create a draft proposal for your organisation (the token’s `org`)',
    description:
      'The submitting organisation and every implementing partner must be active organisations of the directory (422 naming the field). 201 when created, 200 when the same Idempotency-Key was used before.',
    responses: {
      200: { description: 'The draft this Idempotency-Key created before.', schema: proposalViewSchema, links: PROPOSAL_LINKS },
      201: { schema: proposalViewSchema, links: PROPOSAL_LINKS },
    },
    errors: [403],
  })
  async create(
    @ZodBody(proposalContentSchema) body: ProposalContentInput,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { proposal, created } = await this.proposals.create(body, principal, key);
    response.status(creationStatus(created));
    return this.queries.view(proposal, principal);
  }

  @Get()
  @Roles(...EVERYONE)
  @ZodOperation({
    summary: 'Proposals the caller may see, newest first: their organisation’s for applicants, all for ODIHR',
    responses: { 200: proposalPageSchema },
    errors: [403],
  })
  list(@ZodQuery(proposalListQuerySchema) query: ProposalListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(principal, query);
  }

  @Get(':id')
  @Roles(...EVERYONE)
  @ZodOperation({
    summary: 'A proposal; applicants get it without review data, screening notes or internal comments',
    responses: { 200: proposalViewSchema },
    errors: [403, 404],
  })
  get(@ZodParam('id', proposalIdParamSchema) id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.get(id, principal);
  }

  @Put(':id')
  @Roles(...PROPOSAL_APPLICANTS)
  @ZodOperation({
    summary: 'Replace the content of a draft, or of a proposal in consultation',
    description:
      'Send the whole content and the `revision` you read: a stale one answers 409 with `current.revision`; an unchanged body changes nothing.',
    responses: { 200: proposalViewSchema },
    errors: [403, 404, 409],
  })
  async edit(
    @ZodParam('id', proposalIdParamSchema) id: string,
    @ZodBody(updateProposalSchema) body: UpdateProposal,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.view(await this.proposals.edit(id, body, principal), principal);
  }

  @Post(':id/submission')
  @HttpCode(HttpStatus.OK)
  @Roles(...PROPOSAL_APPLICANTS)
  @ZodOperation({
    summary: 'Submit the proposal (any day): freezes the next version and publishes `fund.proposal.submitted.v1`',
    description: 'A resubmission after a revision request closes the consultation round and cancels its reminder.',
    responses: { 200: { schema: proposalViewSchema, links: PROPOSAL_LINKS } },
    errors: [403, 404, 409],
  })
  async submit(@ZodParam('id', proposalIdParamSchema) id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.view(await this.proposals.submit(id, principal), principal);
  }

  @Get(':id/versions')
  @Roles(...EVERYONE)
  @ZodOperation({
    summary: 'The submitted versions of a proposal, oldest first',
    responses: { 200: versionPageSchema },
    errors: [403, 404],
  })
  versions(
    @ZodParam('id', proposalIdParamSchema) id: string,
    @ZodQuery(versionListQuerySchema) query: PageQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.versionList(id, principal, query);
  }

  @Get(':id/versions/compare')
  @Roles(...EVERYONE)
  @ZodOperation({
    summary: 'Compare two versions field by field (changed fields before/after; budget lines added, removed, changed)',
    responses: { 200: comparisonSchema },
    errors: [403, 404],
  })
  compare(
    @ZodParam('id', proposalIdParamSchema) id: string,
    @ZodQuery(compareQuerySchema) query: CompareQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.compare(id, query, principal);
  }

  @Get(':id/versions/:version')
  @Roles(...EVERYONE)
  @ZodOperation({ summary: 'One submitted version, as it was frozen', responses: { 200: versionViewSchema }, errors: [403, 404] })
  version(
    @ZodParam('id', proposalIdParamSchema) id: string,
    @ZodParam('version', versionNumberParamSchema) version: number,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.version(id, version, principal);
  }

  @Post(':id/comments')
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Comment on a section of the proposal (design consultation); `internal` ones stay within ODIHR',
    responses: { 200: { description: 'The comment this Idempotency-Key made before.', schema: commentViewSchema }, 201: commentViewSchema },
    errors: [403, 404],
  })
  async comment(
    @ZodParam('id', proposalIdParamSchema) id: string,
    @ZodBody(commentSchema) body: CommentRequest,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { comment, created } = await this.consultation.comment(id, body, principal, key);
    response.status(creationStatus(created));
    return comment;
  }

  @Post(':id/revision-requests')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Request a revision with the points to address: the proposal goes back to the applicant (`in-consultation`)',
    description:
      'Publishes `fund.proposal.revision-requested.v1` to the organisation’s `fund-contact` people (422 if it has none); the applicant is reminded after FUND_CONSULTATION_REMINDER_MS unless they resubmit.',
    responses: { 200: proposalViewSchema },
    errors: [403, 404, 409],
  })
  async requestRevision(
    @ZodParam('id', proposalIdParamSchema) id: string,
    @ZodBody(revisionRequestSchema) body: RevisionRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return odihrView(await this.consultation.requestRevision(id, body, principal));
  }

  @Post(':id/screening')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Screen a submitted proposal: eligible, or ineligible with the reasons',
    description:
      'Checks: an OSCE field operation involved (the submitting organisation or a partner is a field presence), the anti-trafficking purpose (the officer’s judgement), a supported activity type (not only `other`), the amount within the per-project limit. Publishes `fund.proposal.screened.v1`.',
    responses: { 200: proposalViewSchema },
    errors: [403, 404, 409],
  })
  async screen(
    @ZodParam('id', proposalIdParamSchema) id: string,
    @ZodBody(screeningSchema) body: ScreeningRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return odihrView(await this.screening.screen(id, body, principal));
  }
}
