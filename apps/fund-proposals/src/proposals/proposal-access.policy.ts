import type { Principal, Role } from '@ctip/auth';
import { ForbiddenError, NotFoundError } from '@ctip/errors';
import type { ProposalDocument } from './proposal.schema';

/** ODIHR roles that see every proposal (with review and internal data). */
export const PROPOSAL_READERS: Role[] = ['fund-officer', 'fund-committee', 'head-of-unit', 'coordinator', 'admin'];
/** Who writes proposals: a field operation's fund applicants and its focal points, for their organisation. */
export const PROPOSAL_APPLICANTS: Role[] = ['fund-applicant', 'focal-point'];

export type Audience = 'odihr' | 'applicant';

/** Whom a request speaks for: ODIHR (sees all) or an applicant scoped to their organisation. */
export function audienceOf(principal: Principal): { audience: 'odihr' } | { audience: 'applicant'; organisationId: string } {
  if (principal.roles.some((role) => PROPOSAL_READERS.includes(role))) return { audience: 'odihr' };
  return { audience: 'applicant', organisationId: applicantOrganisation(principal) };
}

/** The organisation an applicant acts for, from the token's `org`; a token without one may not write proposals. */
export function applicantOrganisation(principal: Principal): string {
  if (!principal.organisationId) throw new ForbiddenError('your token names no organisation (`org`) to submit proposals for');
  return principal.organisationId;
}

/** An applicant of another organisation gets the same answer as for a proposal that does not exist. */
export function requireVisible(proposal: ProposalDocument | null, id: string, principal: Principal): ProposalDocument {
  const scope = audienceOf(principal);
  if (!proposal || (scope.audience === 'applicant' && proposal.organisationId !== scope.organisationId))
    throw new NotFoundError(`proposal ${id} not found`);
  return proposal;
}

/** For writes by applicants: the proposal must be their organisation's (404 otherwise). */
export function requireOwn(proposal: ProposalDocument | null, id: string, principal: Principal): ProposalDocument {
  const organisationId = applicantOrganisation(principal);
  if (!proposal || proposal.organisationId !== organisationId) throw new NotFoundError(`proposal ${id} not found`);
  return proposal;
}
