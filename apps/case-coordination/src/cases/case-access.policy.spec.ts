import type { Principal } from '@ctip/auth';
import { CaseAccess } from './case-access.policy';

const crossBorder = {
  countries: [
    { country: 'AL', role: 'found' as const },
    { country: 'MD', role: 'origin' as const },
  ],
};
const who = (roles: Principal['roles'], countries: string[] = [], organisationId?: string): Principal => ({
  subject: 'x',
  roles,
  countries,
  organisationId,
});

describe('CaseAccess', () => {
  it.each([
    ['a coordinator', who(['coordinator']), true],
    ['a focal point of an involved country', who(['focal-point'], ['MD']), true],
    ['a focal point of another country', who(['focal-point'], ['GE']), false],
    ['a partner', who(['partner'], ['AL'], 'shelter-al'), false],
    ['an admin', who(['admin']), false],
    ['a fund officer', who(['fund-officer']), false],
    ['a trainer', who(['trainer'], ['AL']), false],
  ])('lets %s view the case: %s', (_label, principal, allowed) => {
    expect(CaseAccess.canView(principal, crossBorder)).toBe(allowed);
    expect(CaseAccess.canReadIdentity(principal, crossBorder)).toBe(allowed);
  });

  it('scopes case lists to the coordinator (all) and to a focal point’s countries', () => {
    expect(CaseAccess.listScope(who(['coordinator']))).toEqual({ all: true });
    expect(CaseAccess.listScope(who(['focal-point'], ['MD', 'AL']))).toEqual({ countries: ['MD', 'AL'] });
    expect(CaseAccess.listScope(who(['focal-point']))).toBeNull();
    expect(CaseAccess.listScope(who(['partner'], [], 'ngo'))).toBeNull();
  });

  it('lets only the partner a referral was made to act on it', () => {
    expect(CaseAccess.canActOnReferral(who(['partner'], [], 'shelter-al'), { organisationId: 'shelter-al' })).toBe(true);
    expect(CaseAccess.canActOnReferral(who(['partner'], [], 'other'), { organisationId: 'shelter-al' })).toBe(false);
    expect(CaseAccess.canActOnReferral(who(['coordinator'], [], 'shelter-al'), { organisationId: 'shelter-al' })).toBe(false);
  });

  it('lets reporters report and others not', () => {
    expect(CaseAccess.canReport(who(['integrator']))).toBe(true);
    expect(CaseAccess.canReport(who(['participant']))).toBe(false);
  });
});
