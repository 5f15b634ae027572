import type { Principal, Role } from '@ctip/auth';

/** Everyone who works with the directory may read it; participants of trainings may not. */
export const DIRECTORY_READERS: Role[] = ['admin', 'coordinator', 'fund-officer', 'focal-point', 'partner', 'trainer', 'integrator'];

export const DIRECTORY_EDITORS: Role[] = ['admin', 'coordinator'];

/** Focal points keep their own presence's roster current (absences, cover); see mayEditRoster. */
export const ROSTER_EDITORS: Role[] = [...DIRECTORY_EDITORS, 'focal-point'];

const hasAnyRole = (principal: Principal, roles: Role[]): boolean => roles.some((role) => principal.roles.includes(role));

/** Staff contact addresses are personal data of staff: only the people who manage the directory see them. */
export function seesContactAddresses(principal: Principal): boolean {
  return hasAnyRole(principal, DIRECTORY_EDITORS);
}

export function mayEditRoster(principal: Principal, presenceCountry: string | undefined): boolean {
  if (hasAnyRole(principal, DIRECTORY_EDITORS)) return true;
  return principal.roles.includes('focal-point') && presenceCountry !== undefined && principal.countries.includes(presenceCountry);
}
