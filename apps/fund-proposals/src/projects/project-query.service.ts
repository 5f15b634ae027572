import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ForbiddenError, NotFoundError } from '@ctip/errors';
import type { Page, PageRequest } from '@ctip/persistence';
import { ProjectAccess } from './project-access.policy';
import { ProjectRepository } from './project.repository';
import type { ProjectDocument } from './project.schema';
import { projectView, type ProjectView } from './project.view';

/** What a caller may read of projects: a project they may not see answers 404, so its existence does not leak. */
@Injectable()
export class ProjectQueryService {
  constructor(private readonly projects: ProjectRepository) {}

  async list(principal: Principal, page: PageRequest): Promise<Page<ProjectView>> {
    const scope = ProjectAccess.listScope(principal);
    if (!scope) throw new ForbiddenError('an applicant token needs the organisation it acts for (`org`)');
    const found = await this.projects.list(scope, page);
    return { items: found.items.map((p) => projectView(p, ProjectAccess.isInternal(principal))), nextCursor: found.nextCursor };
  }

  async get(projectId: string, principal: Principal): Promise<ProjectView> {
    return projectView(await this.visible(projectId, principal), ProjectAccess.isInternal(principal));
  }

  async visible(projectId: string, principal: Principal): Promise<ProjectDocument> {
    const project = await this.projects.findById(projectId);
    if (!project || !ProjectAccess.canView(principal, project)) throw new NotFoundError(`project ${projectId} not found`);
    return project;
  }
}
