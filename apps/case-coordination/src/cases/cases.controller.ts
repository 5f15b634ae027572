import { Body, Controller, ForbiddenException, Get, Headers, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { openApiSchema, ZodValidationPipe } from '@ctip/http';
import type { Response } from 'express';
import { IdentityService } from '../privacy/identity.service';
import { AuditRepository } from '../privacy/audit.repository';
import { CaseAccess } from './case-access.policy';
import { idempotencyKeySchema, identityAccessSchema, listQuerySchema, reportCaseSchema, type ReportCaseRequest } from './case.dto';
import { CaseIntakeService } from './case-intake.service';
import { CaseRepository } from './case.repository';
import type { CaseDocument } from './case.schema';
import { caseView } from './case.view';

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
  @ApiOperation({
    summary: 'Report an urgent case; alerts go out at once. 201 when opened, 200 when the same Idempotency-Key was already used.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key opens one case.' })
  @ApiBody({ schema: openApiSchema(reportCaseSchema) })
  async report(
    @Body(new ZodValidationPipe(reportCaseSchema)) body: ReportCaseRequest,
    @Headers('idempotency-key') rawKey: string | undefined,
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
  @ApiOperation({
    summary: 'Cases the caller may see, newest first: all for the coordination unit, those of their countries for a focal point.',
  })
  async list(
    @Query(new ZodValidationPipe(listQuerySchema)) query: { limit: number; cursor?: string },
    @CurrentPrincipal() principal: Principal,
  ) {
    const scope = CaseAccess.listScope(principal);
    if (!scope) throw new ForbiddenException('you may not list cases');
    const items = await this.cases.list('countries' in scope ? { countries: scope.countries } : {}, query.limit, query.cursor);
    return { items: items.map(caseView), nextCursor: items.length === query.limit ? items[items.length - 1]._id : null };
  }

  @Get(':caseId')
  @Roles('coordinator', 'focal-point')
  @ApiOperation({ summary: 'A case by id or by reference (RR-2026-000123), without identifying details.' })
  async get(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
    return caseView(await this.visible(caseId, principal));
  }

  @Get(':caseId/timeline')
  @Roles('coordinator', 'focal-point')
  @ApiOperation({ summary: 'Every state change, alert, escalation, acknowledgement, referral and delivery report, in order.' })
  async timeline(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
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
  @ApiOperation({ summary: 'Identifying details of the person concerned, for a stated reason; every read is audited.' })
  @ApiBody({ schema: openApiSchema(identityAccessSchema) })
  async readIdentity(
    @Param('caseId') caseId: string,
    @Body(new ZodValidationPipe(identityAccessSchema)) body: { reason: string },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.identity.read((await this.visible(caseId, principal))._id, principal, body.reason);
  }

  @Get(':caseId/audit')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Who read the identifying details of a case, when and why.' })
  async auditTrail(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
    return { items: await this.audit.forCase((await this.visible(caseId, principal))._id) };
  }

  /** A case the caller may not see answers 404, so its existence does not leak. */
  private async visible(idOrRef: string, principal: Principal): Promise<CaseDocument> {
    const subject = /^RR-\d{4}-\d{6}$/.test(idOrRef) ? await this.cases.findByRef(idOrRef) : await this.cases.findById(idOrRef);
    if (!subject || !CaseAccess.canView(principal, subject)) throw new NotFoundException(`case ${idOrRef} not found`);
    return subject;
  }
}
