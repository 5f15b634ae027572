import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, openApiSchema, ZodValidationPipe, type PageQuery } from '@ctip/http';
import type { Response } from 'express';
import { IdentityService } from '../privacy/identity.service';
import { identityAccessSchema, listQuerySchema, reportCaseSchema, type ReportCaseRequest } from './case.dto';
import { CaseIntakeService } from './case-intake.service';
import { CaseQueryService } from './case-query.service';
import { caseView } from './case.view';

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
  @ApiOperation({
    summary: 'Report an urgent case; alerts go out at once. 201 when opened, 200 when the same Idempotency-Key was already used.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key opens one case.' })
  @ApiBody({ schema: openApiSchema(reportCaseSchema) })
  async report(
    @Body(new ZodValidationPipe(reportCaseSchema)) body: ReportCaseRequest,
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
  @ApiOperation({
    summary: 'Cases the caller may see, newest first: all for the coordination unit, those of their countries for a focal point.',
  })
  list(@Query(new ZodValidationPipe(listQuerySchema)) query: PageQuery, @CurrentPrincipal() principal: Principal) {
    return this.cases.list(principal, query);
  }

  @Get(':caseId')
  @Roles('coordinator', 'focal-point')
  @ApiOperation({ summary: 'A case by id or by reference (RR-2026-000123), without identifying details.' })
  get(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
    return this.cases.get(caseId, principal);
  }

  @Get(':caseId/timeline')
  @Roles('coordinator', 'focal-point')
  @ApiOperation({ summary: 'Every state change, alert, escalation, acknowledgement, referral and delivery report, in order.' })
  timeline(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
    return this.cases.timeline(caseId, principal);
  }

  @Post(':caseId/identity-access')
  @HttpCode(200)
  @Roles('coordinator', 'focal-point')
  @ApiOperation({ summary: 'Identifying details of the person concerned, for a stated reason; every read is audited.' })
  @ApiBody({ schema: openApiSchema(identityAccessSchema) })
  readIdentity(
    @Param('caseId') caseId: string,
    @Body(new ZodValidationPipe(identityAccessSchema)) body: { reason: string },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.identity.read(caseId, principal, body.reason);
  }

  @Get(':caseId/audit')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Who read the identifying details of a case, when and why.' })
  auditTrail(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
    return this.cases.auditTrail(caseId, principal);
  }
}
