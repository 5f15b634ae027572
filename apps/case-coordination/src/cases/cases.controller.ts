import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, ZodBody, ZodOperation, ZodParam, ZodQuery, type PageQuery } from '@ctip/http';
import type { Response } from 'express';
import { IdentityService } from '../privacy/identity.service';
import {
  auditTrailSchema,
  caseIdParamSchema,
  casePageSchema,
  caseViewSchema,
  identityAccessSchema,
  identityViewSchema,
  listQuerySchema,
  reportCaseSchema,
  timelineViewSchema,
  type ReportCaseRequest,
} from './case.dto';
import { CaseIntakeService } from './case-intake.service';
import { CaseQueryService } from './case-query.service';
import { caseView } from './case.view';

const CASE_ID = { caseId: '$response.body#/caseId' };
/** What a client does next with a reported case. */
const CASE_LINKS = {
  read: { operationId: 'CasesController_get', parameters: CASE_ID },
  timeline: { operationId: 'CasesController_timeline', parameters: CASE_ID },
  identity: { operationId: 'CasesController_readIdentity', parameters: CASE_ID },
  audit: { operationId: 'CasesController_auditTrail', parameters: CASE_ID },
  refer: { operationId: 'ReferralsController_refer', parameters: CASE_ID },
  acknowledge: { operationId: 'AlertsController_acknowledge', parameters: { ...CASE_ID, alertId: '$response.body#/alerts/0/alertId' } },
};

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly intake: CaseIntakeService,
    private readonly cases: CaseQueryService,
    private readonly identity: IdentityService,
  ) {}

  @Post()
  @Roles('coordinator', 'focal-point', 'partner', 'integrator')
  @ZodOperation({
    summary: 'Report an urgent case; alerts go out at once. 201 when opened, 200 when the same Idempotency-Key was already used.',
    responses: {
      200: { description: 'The case this Idempotency-Key opened before.', schema: caseViewSchema, links: CASE_LINKS },
      201: { schema: caseViewSchema, links: CASE_LINKS },
    },
    errors: [403, 409, 422],
  })
  async report(
    @ZodBody(reportCaseSchema) body: ReportCaseRequest,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { case: reported, opened } = await this.intake.reportFromApi(body, principal, key);
    response.status(creationStatus(opened));
    return caseView(reported);
  }

  @Get()
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'Cases the caller may see, newest first: all for the coordination unit, those of their countries for a focal point.',
    responses: { 200: casePageSchema },
    errors: [403],
  })
  list(@ZodQuery(listQuerySchema) query: PageQuery, @CurrentPrincipal() principal: Principal) {
    return this.cases.list(principal, query);
  }

  @Get(':caseId')
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'A case by id or by reference (RR-2026-000123), without identifying details.',
    responses: { 200: caseViewSchema },
    errors: [403, 404],
  })
  get(@ZodParam('caseId', caseIdParamSchema) caseId: string, @CurrentPrincipal() principal: Principal) {
    return this.cases.get(caseId, principal);
  }

  @Get(':caseId/timeline')
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'Every state change, alert, escalation, acknowledgement, referral and delivery report, in order.',
    responses: { 200: timelineViewSchema },
    errors: [403, 404],
  })
  timeline(@ZodParam('caseId', caseIdParamSchema) caseId: string, @CurrentPrincipal() principal: Principal) {
    return this.cases.timeline(caseId, principal);
  }

  @Post(':caseId/identity-access')
  @HttpCode(200)
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'Identifying details of the person concerned, for a stated reason; every read is audited.',
    responses: { 200: identityViewSchema },
    errors: [403, 404],
  })
  readIdentity(
    @ZodParam('caseId', caseIdParamSchema) caseId: string,
    @ZodBody(identityAccessSchema) body: { reason: string },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.identity.read(caseId, principal, body.reason);
  }

  @Get(':caseId/audit')
  @Roles('coordinator')
  @ZodOperation({
    summary: 'Who read the identifying details of a case, when and why.',
    responses: { 200: auditTrailSchema },
    errors: [403, 404],
  })
  auditTrail(@ZodParam('caseId', caseIdParamSchema) caseId: string, @CurrentPrincipal() principal: Principal) {
    return this.cases.auditTrail(caseId, principal);
  }
}
