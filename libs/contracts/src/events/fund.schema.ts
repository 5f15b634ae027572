import { z } from 'zod';
import { countryCodeSchema } from './common.schema';

/** What the Anti-Trafficking Project Fund supports (seed 003, "Description of activities"). */
export const FUND_ACTIVITY_TYPES = [
  'research',
  'awareness-raising',
  'hotline',
  'direct-assistance',
  'witness-protection',
  'legislative-review',
  'training',
  'publication',
  'other',
] as const;
export const fundActivityTypeSchema = z.enum(FUND_ACTIVITY_TYPES);

/**
 * The Fund's four published preference criteria (seed 003, "Preference will be given to projects that"):
 * concrete impact and short-term results; national partners and grassroots capacity; State–NGO
 * co-operation; regional networking and project development.
 */
export const FUND_CRITERIA = ['impact', 'national-partners', 'state-ngo-cooperation', 'regional-networking'] as const;
export const fundCriterionSchema = z.enum(FUND_CRITERIA);

/** A proposal's reference such as `ATPF-2027-0042`: it names a proposal, never a person. */
export const proposalRefSchema = z.string().regex(/^ATPF-\d{4}-\d{4,6}$/, 'must look like ATPF-2027-0042');

/** A fund cycle such as `2027-Q1`. */
export const fundCycleIdSchema = z.string().regex(/^\d{4}-Q[1-4]$/, 'must look like 2027-Q1');

/** Money in integer minor units (cents) of one ISO 4217 currency. */
export const moneySchema = z.object({
  amount: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code'),
});

/** Who a fund notice goes to: directory people, resolved by the fund service from its read model. */
export const fundRecipientsSchema = z.object({ personIds: z.array(z.string().min(1)).min(1) });

/** What every fund proposal event carries: identifiers and public facts, never scores, comments or reviewers. */
export const proposalFactsSchema = z.object({
  proposalId: z.string().min(1),
  proposalRef: proposalRefSchema,
  title: z.string().min(1).max(300),
  organisationId: z.string().min(1),
  countries: z.array(countryCodeSchema).min(1),
});
