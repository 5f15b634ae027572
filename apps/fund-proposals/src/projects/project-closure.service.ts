import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, NotFoundError } from '@ctip/errors';
import { missingForClosure } from './closure-check';
import type { EvaluationRequest } from './project.dto';
import { assertActive, isOwed } from './project-access.policy';
import { ProjectRepository } from './project.repository';
import { projectView, type ProjectView } from './project.view';
import { ReportRemindersService } from './report-reminders.service';

/** The end of a project: the final evaluation, then closure once nothing is missing. */
@Injectable()
export class ProjectClosureService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly reminders: ReportRemindersService,
  ) {}

  /** Records (or revises, until closure) the outcome rating and the lessons learned. */
  async evaluate(projectId: string, input: EvaluationRequest, principal: Principal): Promise<ProjectView> {
    const updated = await this.projects.modify(projectId, (project) => {
      assertActive(project, 'evaluate');
      const evaluation = { ...input, recordedBy: principal.subject, recordedAt: new Date() };
      return { change: { set: { evaluation } }, result: { ...project, evaluation } };
    });
    if (!updated) throw new NotFoundError(`project ${projectId} not found`);
    return projectView(updated, true);
  }

  /** Closes the project; 409 naming what is missing (or that it is closed already). Stops every reminder left. */
  async close(projectId: string, principal: Principal): Promise<ProjectView> {
    const closed = await this.projects.modify(projectId, (project) => {
      assertActive(project, 'close');
      const missing = missingForClosure(project);
      if (missing.length > 0) throw new ConflictError(`cannot close the project yet: missing ${missing.join('; ')}`, { missing });
      const set = { status: 'closed' as const, closedBy: principal.subject, closedAt: new Date() };
      return { change: { set }, result: { ...project, ...set } };
    });
    if (!closed) throw new NotFoundError(`project ${projectId} not found`);
    for (const report of closed.reports.filter(isOwed)) await this.reminders.cancel(projectId, report);
    return projectView(closed, true);
  }
}
