import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, NotFoundError } from '@ctip/errors';
import type { AgreementRequest, ReportingScheduleRequest, TranchePlanRequest } from './project.dto';
import { assertActive, isOwed } from './project-access.policy';
import { ProjectRepository } from './project.repository';
import type { ProjectDocument, ProjectReport } from './project.schema';
import { projectView, type ProjectView } from './project.view';
import { ReportRemindersService } from './report-reminders.service';
import { conditionsMet, planTranches, releaseMet } from './tranche-plan';

export const newTrancheId = () => `tranche-${randomUUID().slice(0, 8)}`;

/** A fund officer sets a project up: the grant agreement, the disbursement and reporting schedules, notes. */
@Injectable()
export class ProjectSetupService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly reminders: ReportRemindersService,
  ) {}

  /** Records (or corrects) the signed agreement; its amount is the approved amount. Releases `on-signature` tranches. */
  async recordAgreement(projectId: string, input: AgreementRequest, principal: Principal): Promise<ProjectView> {
    return this.change(projectId, (project, now) => {
      assertActive(project, 'record the agreement');
      const agreement = {
        reference: input.reference,
        signedOn: input.signedOn,
        signatories: input.signatoryIds.map((personId) => ({ personId })),
        amount: project.approvedAmount,
        currency: project.currency,
        period: input.period,
        recordedBy: principal.subject,
        recordedAt: now,
      };
      return { agreement, tranches: releaseMet(project.tranches, conditionsMet({ ...project, agreement }), principal.subject, now) };
    });
  }

  /** Plans the tranches: they add up to the approved amount (422 otherwise); released ones stay as they were. */
  async planTranches(projectId: string, input: TranchePlanRequest, principal: Principal): Promise<ProjectView> {
    return this.change(projectId, (project, now) => {
      assertActive(project, 'plan tranches');
      const tranches = planTranches(input.tranches, project.approvedAmount, project.tranches, newTrancheId);
      return { tranches: releaseMet(tranches, conditionsMet(project), principal.subject, now) };
    });
  }

  /**
   * Sets the reporting schedule. Reports are numbered per kind (`interim-narrative-1`, …); an owed report
   * whose due date changes gets a new reminder plan (its old job finds nothing to do); a report already
   * submitted or settled keeps its due date and cannot be removed (409 with its state).
   */
  async setReportingSchedule(projectId: string, input: ReportingScheduleRequest, principal: Principal): Promise<ProjectView> {
    let replaced: ProjectReport[] = [];
    const view = await this.projects.modify(
      projectId,
      (project) => {
        assertActive(project, 'change the reporting schedule');
        const now = new Date();
        const existing = new Map(project.reports.map((r) => [r.reportId, r]));
        const perKind = new Map<string, number>();
        const reports = input.reports.map((entry): ProjectReport => {
          const n = (perKind.get(entry.kind) ?? 0) + 1;
          perKind.set(entry.kind, n);
          const reportId = `${entry.kind}-${n}`;
          const previous = existing.get(reportId);
          existing.delete(reportId);
          if (!previous)
            return {
              reportId,
              kind: entry.kind,
              dueOn: entry.dueOn,
              state: 'pending',
              submissions: [],
              reminders: this.reminders.freshPlan(entry.dueOn),
            };
          if (Date.parse(previous.dueOn) === Date.parse(entry.dueOn)) return previous;
          if (!isOwed(previous))
            throw new ConflictError(`report ${reportId} is ${previous.state}: its due date cannot change`, {
              reportId,
              state: previous.state,
            });
          return { ...previous, dueOn: entry.dueOn, reminders: this.reminders.freshPlan(entry.dueOn, previous.reminders) };
        });
        for (const removed of existing.values())
          if (!isOwed(removed))
            throw new ConflictError(`report ${removed.reportId} is ${removed.state}: it cannot be removed`, {
              reportId: removed.reportId,
              state: removed.state,
            });
        replaced = project.reports.filter((r) => reports.find((n) => n.reportId === r.reportId)?.reminders.plan !== r.reminders.plan);
        const next = {
          ...project,
          reports,
          tranches: releaseMet(project.tranches, conditionsMet({ ...project, reports }), principal.subject, now),
        };
        return { change: { set: { reports: next.reports, tranches: next.tranches } }, result: next };
      },
      async ({ result }, current) => {
        const planned = new Set(current.reports.map((r) => r.reminders.plan));
        for (const report of result.reports)
          if (isOwed(report) && !planned.has(report.reminders.plan)) await this.reminders.schedule(projectId, report);
      },
    );
    if (!view) throw new NotFoundError(`project ${projectId} not found`);
    for (const report of replaced) await this.reminders.cancel(projectId, report);
    return projectView(view, true);
  }

  async addNote(projectId: string, text: string, principal: Principal): Promise<ProjectView> {
    return this.change(projectId, (project, now) => ({
      notes: [...project.notes, { noteId: randomUUID(), authorId: principal.subject, text, at: now }],
    }));
  }

  private async change(projectId: string, apply: (project: ProjectDocument, now: Date) => Partial<ProjectDocument>): Promise<ProjectView> {
    const updated = await this.projects.modify(projectId, (project) => {
      const set = apply(project, new Date());
      return { change: { set }, result: { ...project, ...set } };
    });
    if (!updated) throw new NotFoundError(`project ${projectId} not found`);
    return projectView(updated, true);
  }
}
