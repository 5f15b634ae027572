import type { Principal, Role } from '@ctip/auth';
import { ConflictError } from '@ctip/errors';
import type { ProjectDocument, ProjectReport } from './project.schema';

/** Roles that see every project, internal notes included. */
export const INTERNAL_ROLES: Role[] = ['fund-officer', 'fund-committee', 'coordinator'];
/** Everyone who may read projects: the internal roles and the submitting organisation's applicants. */
export const READER_ROLES: Role[] = [...INTERNAL_ROLES, 'fund-applicant'];

/** Who may see what of a project: the unit sees all; an applicant only their organisation's, without notes. */
export const ProjectAccess = {
  isInternal(principal: Principal): boolean {
    return principal.roles.some((role) => INTERNAL_ROLES.includes(role));
  },

  canView(principal: Principal, project: Pick<ProjectDocument, 'organisationId'>): boolean {
    if (ProjectAccess.isInternal(principal)) return true;
    return principal.roles.includes('fund-applicant') && principal.organisationId === project.organisationId;
  },

  /** The organisations a list is limited to: undefined for all. */
  listScope(principal: Principal): { organisationId?: string } | null {
    if (ProjectAccess.isInternal(principal)) return {};
    if (principal.roles.includes('fund-applicant') && principal.organisationId) return { organisationId: principal.organisationId };
    return null;
  },
};

/** A closed project changes no more: 409 with its state. */
export function assertActive(project: ProjectDocument, action: string): void {
  if (project.status !== 'active')
    throw new ConflictError(`cannot ${action}: the project is ${project.status}`, { status: project.status });
}

/** Reports still owed by the applicant: these get reminders. */
export const isOwed = (report: ProjectReport) => report.state === 'pending' || report.state === 'changes-requested';
