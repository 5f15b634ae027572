import { countryCodeSchema, fundActivityTypeSchema, moneySchema } from '@ctip/contracts';
import { pageOf, pageQuerySchema } from '@ctip/http';
import { z } from 'zod';
import { PUBLIC_PROJECT_STATUSES } from './public-project.schema';

const filters = {
  country: countryCodeSchema.optional().describe('Projects in this country (ISO 3166-1 alpha-2).'),
  activityType: fundActivityTypeSchema.optional().describe('Projects with this activity type.'),
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('Projects approved in this year.'),
};

export const publicProjectListQuerySchema = pageQuerySchema.extend(filters).strict();
export type PublicProjectListQuery = z.output<typeof publicProjectListQuerySchema>;

export const publicProjectExportQuerySchema = z.object(filters).strict();
export type PublicProjectExportQuery = z.output<typeof publicProjectExportQuerySchema>;

/** Exactly what the public sees of a supported project: no scores, comments, reviewers or justifications. */
export const publicProjectViewSchema = z
  .object({
    reference: z.string().describe('The proposal reference, e.g. ATPF-2002-0007.'),
    title: z.string(),
    countries: z.array(countryCodeSchema),
    implementingPartners: z.array(z.string()).describe('Names of the implementing partner organisations.'),
    activityTypes: z.array(fundActivityTypeSchema),
    amount: moneySchema.describe('Amount approved, in minor units (cents) of the currency.'),
    period: z.object({ start: z.string(), end: z.string() }).strict().describe('Planned implementation period (ISO dates).'),
    status: z.enum(PUBLIC_PROJECT_STATUSES),
    approvedOn: z.string().describe('Date of the approval (YYYY-MM-DD).'),
    year: z.number().int(),
    demo: z.boolean().describe('True for demonstration records.'),
  })
  .strict();
export type PublicProjectView = z.infer<typeof publicProjectViewSchema>;

export const publicProjectPageSchema = pageOf(publicProjectViewSchema);

const tally = { projects: z.number().int().min(0), amount: z.number().int().min(0).describe('Minor units of `currency`.') };
export const publicStatisticsSchema = z
  .object({
    currency: z.string(),
    total: z.object(tally).strict(),
    byCountry: z.array(z.object({ country: z.string(), ...tally }).strict()),
    byActivityType: z.array(z.object({ activityType: z.string(), ...tally }).strict()),
    byYear: z.array(z.object({ year: z.number().int(), ...tally }).strict()),
  })
  .strict();
