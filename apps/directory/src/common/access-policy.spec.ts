import type { Principal, Role } from '@ctip/auth';
import { mayEditRoster, seesContactAddresses } from './access-policy';

const principal = (roles: Role[], countries: string[] = []): Principal => ({ subject: 'someone', roles, countries });

describe(mayEditRoster.name, () => {
  it('lets admins and coordinators edit any roster', () => {
    expect(mayEditRoster(principal(['admin']), 'AL')).toBe(true);
    expect(mayEditRoster(principal(['coordinator']), 'MD')).toBe(true);
  });

  it("lets a focal point edit the roster of their own countries' presences only", () => {
    const moldova = principal(['focal-point'], ['MD']);
    expect(mayEditRoster(moldova, 'MD')).toBe(true);
    expect(mayEditRoster(moldova, 'AL')).toBe(false);
    expect(mayEditRoster(moldova, undefined)).toBe(false);
  });

  it('does not let a country claim alone grant anything', () => {
    expect(mayEditRoster(principal(['partner'], ['MD']), 'MD')).toBe(false);
  });
});

describe(seesContactAddresses.name, () => {
  it('shows staff contact addresses to the people who manage the directory only', () => {
    expect(seesContactAddresses(principal(['coordinator']))).toBe(true);
    expect(seesContactAddresses(principal(['admin']))).toBe(true);
    expect(seesContactAddresses(principal(['fund-officer']))).toBe(false);
    expect(seesContactAddresses(principal(['focal-point'], ['MD']))).toBe(false);
  });
});
