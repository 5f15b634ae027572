import { z } from 'zod';

/** Who may act in the system; see shared/DOMAIN.md for the actors behind each role. */
export const ROLES = [
  'coordinator', // ODIHR coordination unit: sees everything in case work
  'fund-officer', // ODIHR: consults on design, screens, assigns reviewers, prepares slates
  'fund-applicant', // a field operation's staff who submit proposals: scoped by `organisationId`
  'fund-reviewer', // scores proposals assigned to them, after declaring conflicts of interest
  'fund-committee', // confirms a cycle's slate (never the one who prepared it)
  'head-of-unit', // ODIHR Anti-Trafficking Unit head: urgent requests past their SLA escalate here
  'focal-point', // field presence focal point: scoped by `countries`
  'partner', // partner organisation: scoped by `organisationId`
  'trainer',
  'training-organiser', // runs trainings and meetings for their organisation (`org`): events, invitations, nominations
  'participant',
  'integrator', // machine client
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export interface Principal {
  subject: string;
  roles: Role[];
  /** ISO 3166-1 alpha-2, upper case. */
  countries: string[];
  organisationId?: string;
  /** Display name of the staff member: never log it. */
  name?: string;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Token claims: `sub`, `roles`, `countries`, `org`, `name`. */
const claimsSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(z.string()).default([]),
  countries: z
    .array(z.string().regex(/^[A-Za-z]{2}$/, 'must be ISO 3166-1 alpha-2 codes'))
    .default([])
    .transform((codes) => [...new Set(codes.map((code) => code.toUpperCase()))]),
  org: z.string().min(1).optional(),
  name: z.string().optional(),
});

/** Maps verified claims to a Principal; returns the name of the first invalid claim otherwise. */
export function principalFromClaims(claims: unknown): Principal | { invalidClaim: string } {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return { invalidClaim: String(parsed.error.issues[0]?.path[0] ?? 'payload') };
  const { sub, roles, countries, org, name } = parsed.data;
  // Unknown roles are dropped rather than rejected so issuers can add roles before every service knows them.
  const principal: Principal = { subject: sub, roles: roles.filter(isRole), countries };
  if (org !== undefined) principal.organisationId = org;
  if (name !== undefined) principal.name = name;
  return principal;
}
