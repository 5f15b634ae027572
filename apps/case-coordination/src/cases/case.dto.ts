import { countryCodeSchema, involvedCountrySchema, riskFlagSchema, serviceSchema, urgencySchema } from '@ctip/contracts';
import { pageQuerySchema } from '@ctip/http';
import { z } from 'zod';

/** Identifying details of the person concerned: all optional, stored encrypted, never in events or logs. */
export const identitySchema = z
  .object({
    fullName: z.string().trim().min(1).max(200),
    dateOfBirth: z.iso.date(),
    sex: z.enum(['female', 'male', 'other', 'unknown']),
    nationality: countryCodeSchema,
    languagesSpoken: z.string().trim().min(1).max(200),
    phone: z.string().regex(/^\+?[0-9 ()-]{5,20}$/, 'must be a phone number'),
    address: z.string().trim().min(1).max(500),
  })
  .partial()
  .strict();

export const reportCaseSchema = z
  .object({
    urgency: urgencySchema,
    countries: z
      .array(involvedCountrySchema)
      .min(1, 'name at least one country and its part (found, origin, transit, destination)')
      .max(10)
      .refine(
        (list) => new Set(list.map((c) => `${c.country}/${c.role}`)).size === list.length,
        'lists a country with the same part twice',
      ),
    servicesNeeded: z.array(serviceSchema).max(10).default([]),
    riskFlags: z.array(riskFlagSchema).max(10).default([]),
    consent: z.object({ shareWithPartners: z.boolean() }).strict(),
    identity: identitySchema.optional(),
    notes: z.string().trim().max(5_000).optional(),
  })
  .strict();
export type ReportCaseRequest = z.output<typeof reportCaseSchema>;

export const identityAccessSchema = z
  .object({ reason: z.string().trim().min(10, 'say why you need the identifying details (at least 10 characters)').max(500) })
  .strict();

export const listQuerySchema = pageQuerySchema.strict();
