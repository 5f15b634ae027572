import { Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, scopedIdempotencyKey, ZodBody, ZodOperation, ZodParam } from '@ctip/http';
import type { Response } from 'express';
import { ChangeRequestsService } from './change-requests.service';
import {
  changeDecisionSchema,
  changeIdParamSchema,
  changePreparationSchema,
  changeRequestSchema,
  projectIdParamSchema,
  projectViewSchema,
  type ChangeDecisionRequest,
  type ChangeRequestRequest,
  type TranchePlanRequest,
} from './project.dto';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects/:projectId/change-requests')
export class ChangeRequestsController {
  constructor(private readonly changes: ChangeRequestsService) {}

  @Post()
  @Roles('fund-applicant', 'fund-officer')
  @ZodOperation({
    summary: 'Request a change to the approved amount',
    description:
      'With a reason; one pending request at a time (409 naming it). 201 when created, 200 when the same Idempotency-Key was used before.',
    responses: {
      200: { description: 'The request this Idempotency-Key created before.', schema: projectViewSchema },
      201: projectViewSchema,
    },
    errors: [403, 404, 409, 422],
  })
  async request(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodBody(changeRequestSchema) body: ChangeRequestRequest,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { project, created } = await this.changes.request(projectId, body, principal, scopedIdempotencyKey(principal.subject, key));
    response.status(creationStatus(created));
    return project;
  }

  @Post(':changeId/preparation')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Prepare a change request: re-plan the tranches to the new amount',
    description: 'The tranches must add up to the new amount and keep the released ones (422 otherwise).',
    responses: { 200: projectViewSchema },
    errors: [403, 404, 409, 422],
  })
  prepare(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodParam('changeId', changeIdParamSchema) changeId: string,
    @ZodBody(changePreparationSchema) body: TranchePlanRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.prepare(projectId, changeId, body, principal);
  }

  @Post(':changeId/decision')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer', 'fund-committee')
  @ZodOperation({
    summary: 'Approve or reject a prepared change request (four-eyes)',
    description:
      "Not by the one who prepared it (403). Approval re-commits the proposal in its cycle's envelope at the new amount (409 naming what is available) and replaces the tranches with the prepared plan.",
    responses: { 200: projectViewSchema },
    errors: [403, 404, 409, 422],
  })
  decide(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodParam('changeId', changeIdParamSchema) changeId: string,
    @ZodBody(changeDecisionSchema) body: ChangeDecisionRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.decide(projectId, changeId, body, principal);
  }
}
