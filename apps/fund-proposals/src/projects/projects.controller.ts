import { Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam, ZodQuery, type PageQuery } from '@ctip/http';
import {
  agreementSchema,
  evaluationSchema,
  listProjectsQuerySchema,
  noteSchema,
  projectIdParamSchema,
  projectPageSchema,
  projectViewSchema,
  reportingScheduleSchema,
  tranchePlanSchema,
  type AgreementRequest,
  type EvaluationRequest,
  type ReportingScheduleRequest,
  type TranchePlanRequest,
} from './project.dto';
import { READER_ROLES } from './project-access.policy';
import { ProjectClosureService } from './project-closure.service';
import { ProjectQueryService } from './project-query.service';
import { ProjectSetupService } from './project-setup.service';

export const PROJECT_LINKS = {
  read: { operationId: 'ProjectsController_get', parameters: { projectId: '$response.body#/projectId' } },
};

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly query: ProjectQueryService,
    private readonly setup: ProjectSetupService,
    private readonly closure: ProjectClosureService,
  ) {}

  @Get()
  @Roles(...READER_ROLES)
  @ZodOperation({
    summary: 'Projects the caller may see, newest first',
    description: "All for the Fund's officers, committee and coordinator; an applicant's organisation's only, without internal notes.",
    responses: { 200: projectPageSchema },
    errors: [403],
  })
  list(@ZodQuery(listProjectsQuerySchema) query: PageQuery, @CurrentPrincipal() principal: Principal) {
    return this.query.list(principal, query);
  }

  @Get(':projectId')
  @Roles(...READER_ROLES)
  @ZodOperation({
    summary: 'A project: agreement, tranches, reports, change requests, evaluation',
    description: "An applicant sees their organisation's projects only (others answer 404), without internal notes.",
    responses: { 200: projectViewSchema },
    errors: [403, 404],
  })
  get(@ZodParam('projectId', projectIdParamSchema) projectId: string, @CurrentPrincipal() principal: Principal) {
    return this.query.get(projectId, principal);
  }

  @Put(':projectId/agreement')
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Record the signed grant agreement',
    description: 'Its amount and currency are the approved ones. Releases the `on-signature` tranches.',
    responses: { 200: { schema: projectViewSchema, links: PROJECT_LINKS } },
    errors: [403, 404, 409],
  })
  recordAgreement(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodBody(agreementSchema) body: AgreementRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.setup.recordAgreement(projectId, body, principal);
  }

  @Put(':projectId/tranches')
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Plan the disbursement schedule',
    description:
      'The tranches must add up to the approved amount (422 otherwise); released tranches stay, unchanged, named by `trancheId`. Tranches whose condition is already met are released at once.',
    responses: { 200: projectViewSchema },
    errors: [403, 404, 409, 422],
  })
  planTranches(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodBody(tranchePlanSchema) body: TranchePlanRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.setup.planTranches(projectId, body, principal);
  }

  @Put(':projectId/reporting-schedule')
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Set the reporting schedule',
    description:
      'Reports are numbered per kind in the order given (`interim-narrative-1`, …). Reminders come before each due date and repeatedly after it until the report arrives or is waived; changing a due date reschedules them. A report already submitted or settled keeps its due date and stays (409).',
    responses: { 200: projectViewSchema },
    errors: [403, 404, 409],
  })
  setReportingSchedule(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodBody(reportingScheduleSchema) body: ReportingScheduleRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.setup.setReportingSchedule(projectId, body, principal);
  }

  @Post(':projectId/notes')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({ summary: 'Add an internal note (never shown to applicants)', responses: { 200: projectViewSchema }, errors: [403, 404] })
  addNote(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodBody(noteSchema) body: { text: string },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.setup.addNote(projectId, body.text, principal);
  }

  @Put(':projectId/evaluation')
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Record the final evaluation',
    description: 'Outcome rating 1–5 and lessons learned; may be revised until the project is closed.',
    responses: { 200: projectViewSchema },
    errors: [403, 404, 409],
  })
  evaluate(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodBody(evaluationSchema) body: EvaluationRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.closure.evaluate(projectId, body, principal);
  }

  @Post(':projectId/closure')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Close the project',
    description:
      'Only once both final reports are accepted or waived, the evaluation is recorded and no change request is pending: 409 lists what is missing (`missing`), or says it is closed already (`status`).',
    responses: { 200: projectViewSchema },
    errors: [403, 404, 409],
  })
  close(@ZodParam('projectId', projectIdParamSchema) projectId: string, @CurrentPrincipal() principal: Principal) {
    return this.closure.close(projectId, principal);
  }
}
