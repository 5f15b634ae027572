import { Controller, ForbiddenException, Get, HttpCode, NotFoundException, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodHeader, ZodOperation, ZodParam, ZodQuery, ZodValidationPipe } from '@ctip/http';
import type { Response } from 'express';
import { IdentityService } from '../privacy/identity.service';
import { AuditRepository } from '../privacy/audit.repository';
import { CaseAccess } from './case-access.policy';
import {
  auditTrailSchema,
  caseIdParamSchema,
  casePageSchema,
  caseViewSchema,
  idempotencyKeySchema,
  identityAccessSchema,
  identityViewSchema,
  listQuerySchema,
  reportCaseSchema,
  timelineViewSchema,
  type ReportCaseRequest,
} from './case.dto';
import { CaseIntakeService } from './case-intake.service';
import { CaseRepository } from './case.repository';
import type { CaseDocument } from './case.schema';
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
    private readonly cases: CaseRepository,
    private readonly identity: IdentityService,
    private readonly audit: AuditRepository,
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
    @ZodHeader('Idempotency-Key', idempotencyKeySchema) rawKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const key = new ZodValidationPipe(idempotencyKeySchema).transform(rawKey);
    const reporter = { subject: principal.subject, organisationId: principal.organisationId ?? `person:${principal.subject}` };
    const { case: opened, opened: isNew } = await this.intake.report(body, reporter, `${principal.subject}/${key ?? crypto.randomUUID()}`);
    response.status(isNew ? 201 : 200);
    return caseView(opened);
  }

  @Get()
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'Cases the caller may see, newest first: all for the coordination unit, those of their countries for a focal point.',
    responses: { 200: casePageSchema },
    errors: [403],
  })
  async list(@ZodQuery(listQuerySchema) query: { limit: number; cursor?: string }, @CurrentPrincipal() principal: Principal) {
    const scope = CaseAccess.listScope(principal);
    if (!scope) throw new ForbiddenException('you may not list cases');
    const items = await this.cases.list('countries' in scope ? { countries: scope.countries } : {}, query.limit, query.cursor);
    return { items: items.map(caseView), nextCursor: items.length === query.limit ? items[items.length - 1]._id : null };
  }

  @Get(':caseId')
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'A case by id or by reference (RR-2026-000123), without identifying details.',
    responses: { 200: caseViewSchema },
    errors: [403, 404],
  })
  async get(@ZodParam('caseId', caseIdParamSchema) caseId: string, @CurrentPrincipal() principal: Principal) {
    return caseView(await this.visible(caseId, principal));
  }

  @Get(':caseId/timeline')
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'Every state change, alert, escalation, acknowledgement, referral and delivery report, in order.',
    responses: { 200: timelineViewSchema },
    errors: [403, 404],
  })
  async timeline(@ZodParam('caseId', caseIdParamSchema) caseId: string, @CurrentPrincipal() principal: Principal) {
    const subject = await this.visible(caseId, principal);
    return {
      caseId: subject._id,
      caseRef: subject.caseRef,
      entries: [...subject.timeline].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime()),
    };
  }

  @Post(':caseId/identity-access')
  @HttpCode(200)
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'Identifying details of the person concerned, for a stated reason; every read is audited.',
    responses: { 200: identityViewSchema },
    errors: [403, 404],
  })
  async readIdentity(
    @ZodParam('caseId', caseIdParamSchema) caseId: string,
    @ZodBody(identityAccessSchema) body: { reason: string },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.identity.read((await this.visible(caseId, principal))._id, principal, body.reason);
  }

  @Get(':caseId/audit')
  @Roles('coordinator')
  @ZodOperation({
    summary: 'Who read the identifying details of a case, when and why.',
    responses: { 200: auditTrailSchema },
    errors: [403, 404],
  })
  async auditTrail(@ZodParam('caseId', caseIdParamSchema) caseId: string, @CurrentPrincipal() principal: Principal) {
    return { items: await this.audit.forCase((await this.visible(caseId, principal))._id) };
  }

  /** A case the caller may not see answers 404, so its existence does not leak. */
  private async visible(idOrRef: string, principal: Principal): Promise<CaseDocument> {
    const subject = /^RR-\d{4}-\d{6}$/.test(idOrRef) ? await this.cases.findByRef(idOrRef) : await this.cases.findById(idOrRef);
    if (!subject || !CaseAccess.canView(principal, subject)) throw new NotFoundException(`case ${idOrRef} not found`);
    return subject;
  }
}
