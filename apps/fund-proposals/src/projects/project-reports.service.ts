import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, NotFoundError } from '@ctip/errors';
import type { ReportDecisionRequest, ReportSubmissionRequest } from './project.dto';
import { assertActive, isOwed, ProjectAccess } from './project-access.policy';
import { ProjectRepository } from './project.repository';
import type { ProjectDocument, ProjectReport } from './project.schema';
import { projectView, type ProjectView } from './project.view';
import { ReportRemindersService } from './report-reminders.service';
import { conditionsMet, releaseMet } from './tranche-plan';

interface ReportOutcome {
  project: ProjectDocument;
  report: ProjectReport;
  /** The report's reminder plan before this change, when the change ends or replaces it. */
  ended?: ProjectReport;
}

/** Reports: the applicant submits one (a link, no file), the officer accepts it, asks for changes or waives it. */
@Injectable()
export class ProjectReportsService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly reminders: ReportRemindersService,
  ) {}

  /** The applicant's report arrives: its reminders stop. Sending the same link again changes nothing. */
  async submit(projectId: string, reportId: string, input: ReportSubmissionRequest, principal: Principal): Promise<ProjectView> {
    const outcome = await this.change(projectId, reportId, principal, (_project, report, now) => {
      const last = report.submissions.at(-1);
      if (report.state === 'submitted' && last?.link === input.link && last.submittedBy === principal.subject) return null;
      if (!isOwed(report)) throw new ConflictError(`report ${reportId} is ${report.state}`, { reportId, state: report.state });
      const submission = { ...input, submittedBy: principal.subject, submittedAt: now };
      return { report: { ...report, state: 'submitted', submissions: [...report.submissions, submission] }, ended: report };
    });
    return this.viewOf(outcome, principal);
  }

  /**
   * The officer's decision. Accepting or waiving settles the report and releases the tranches whose
   * condition is now met; asking for changes makes it owed again, with reminders from now on.
   */
  async decide(projectId: string, reportId: string, input: ReportDecisionRequest, principal: Principal): Promise<ProjectView> {
    const outcome = await this.change(projectId, reportId, principal, (_project, report, now) => {
      const review = { decision: input.decision, ...(input.reason ? { reason: input.reason } : {}), by: principal.subject, at: now };
      if (input.decision === 'waive') {
        if (report.state === 'accepted' || report.state === 'waived')
          throw new ConflictError(`report ${reportId} is already ${report.state}`, { reportId, state: report.state });
        return { report: { ...report, state: 'waived', review }, ended: report };
      }
      if (report.state !== 'submitted')
        throw new ConflictError(`report ${reportId} is ${report.state}: only a submitted report can be reviewed`, {
          reportId,
          state: report.state,
        });
      if (input.decision === 'accept') return { report: { ...report, state: 'accepted', review } };
      return {
        report: { ...report, state: 'changes-requested', review, reminders: this.reminders.freshPlan(report.dueOn, report.reminders) },
      };
    });
    return this.viewOf(outcome, principal);
  }

  private async change(
    projectId: string,
    reportId: string,
    principal: Principal,
    apply: (project: ProjectDocument, report: ProjectReport, now: Date) => { report: ProjectReport; ended?: ProjectReport } | null,
  ): Promise<ReportOutcome> {
    const outcome = await this.projects.modify<ReportOutcome>(
      projectId,
      (project) => {
        if (!ProjectAccess.canView(principal, project)) throw new NotFoundError(`project ${projectId} not found`);
        const report = project.reports.find((r) => r.reportId === reportId);
        if (!report) throw new NotFoundError(`project ${projectId} has no report ${reportId}`);
        assertActive(project, 'change a report');
        const now = new Date();
        const applied = apply(project, report, now);
        if (!applied) return { change: null, result: { project, report } };
        const reports = project.reports.map((r) => (r.reportId === reportId ? applied.report : r));
        const tranches = releaseMet(project.tranches, conditionsMet({ ...project, reports }), principal.subject, now);
        return { change: { set: { reports, tranches } }, result: { project: { ...project, reports, tranches }, ...applied } };
      },
      async ({ result }) => {
        if (isOwed(result.report) && result.report.reminders.plan !== result.ended?.reminders.plan)
          await this.reminders.schedule(projectId, result.report);
      },
    );
    if (!outcome) throw new NotFoundError(`project ${projectId} not found`);
    if (outcome.ended) await this.reminders.cancel(projectId, outcome.ended);
    return outcome;
  }

  private viewOf(outcome: ReportOutcome, principal: Principal): ProjectView {
    return projectView(outcome.project, ProjectAccess.isInternal(principal));
  }
}
