import type { Principal } from '@ctip/auth';
import type { CaseDocument, ReferralState } from './case.schema';

type CaseScope = Pick<CaseDocument, 'countries'>;

const involves = (principal: Principal, subject: CaseScope) => subject.countries.some((c) => principal.countries.includes(c.country));
const has = (principal: Principal, role: Principal['roles'][number]) => principal.roles.includes(role);

/**
 * Least privilege for case work: the coordination unit sees every case; a focal point sees the cases
 * involving a country of their presence; a partner sees only the referrals made to its organisation;
 * everybody else (admins included) sees no case at all.
 */
export const CaseAccess = {
  canReport(principal: Principal): boolean {
    return ['coordinator', 'focal-point', 'partner', 'integrator'].some((role) => has(principal, role as Principal['roles'][number]));
  },

  canView(principal: Principal, subject: CaseScope): boolean {
    return has(principal, 'coordinator') || (has(principal, 'focal-point') && involves(principal, subject));
  },

  /** Which cases a principal may list: all, those of some countries, or none. */
  listScope(principal: Principal): { all: true } | { countries: string[] } | null {
    if (has(principal, 'coordinator')) return { all: true };
    if (has(principal, 'focal-point') && principal.countries.length > 0) return { countries: principal.countries };
    return null;
  },

  /** Identifying details: the same people who may view the case; every read is audited. */
  canReadIdentity(principal: Principal, subject: CaseScope): boolean {
    return CaseAccess.canView(principal, subject);
  },

  canRefer(principal: Principal, subject: CaseScope): boolean {
    return CaseAccess.canView(principal, subject);
  },

  canActOnReferral(principal: Principal, referral: Pick<ReferralState, 'organisationId'>): boolean {
    return has(principal, 'partner') && principal.organisationId === referral.organisationId;
  },
};
