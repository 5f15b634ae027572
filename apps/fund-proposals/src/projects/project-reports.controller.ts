import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam } from '@ctip/http';
import {
  projectIdParamSchema,
  projectViewSchema,
  reportDecisionSchema,
  reportIdParamSchema,
  reportSubmissionSchema,
  type ReportDecisionRequest,
  type ReportSubmissionRequest,
} from './project.dto';
import { ProjectReportsService } from './project-reports.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects/:projectId/reports/:reportId')
export class ProjectReportsController {
  constructor(private readonly reports: ProjectReportsService) {}

  @Post('submissions')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-applicant')
  @ZodOperation({
    summary: 'Submit a report (a title and a link to it)',
    description:
      "By the project's organisation. Stops its reminders. Sending the same link again answers 200 unchanged; a report that is not owed answers 409 with its state.",
    responses: { 200: projectViewSchema },
    errors: [403, 404, 409],
  })
  submit(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodParam('reportId', reportIdParamSchema) reportId: string,
    @ZodBody(reportSubmissionSchema) body: ReportSubmissionRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.reports.submit(projectId, reportId, body, principal);
  }

  @Post('decision')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Accept a submitted report, ask for changes, or waive it',
    description:
      'Accepting or waiving settles it and releases the tranches whose condition is met; asking for changes makes it owed again (with reminders). A reason is required to ask for changes or waive.',
    responses: { 200: projectViewSchema },
    errors: [403, 404, 409],
  })
  decide(
    @ZodParam('projectId', projectIdParamSchema) projectId: string,
    @ZodParam('reportId', reportIdParamSchema) reportId: string,
    @ZodBody(reportDecisionSchema) body: ReportDecisionRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.reports.decide(projectId, reportId, body, principal);
  }
}
