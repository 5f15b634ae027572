import {
  caseRefSchema,
  countryCodeSchema,
  involvedCountrySchema,
  recipientGroupSchema,
  riskFlagSchema,
  serviceSchema,
  urgencySchema,
} from '@ctip/contracts';
import { pageQuerySchema, trimmedText } from '@ctip/http';
import { z } from 'zod';

/** Identifying details of the person concerned: all optional, stored encrypted, never in events or logs. */
export const identitySchema = z
  .object({
    fullName: trimmedText({ min: 1, max: 200 }),
    dateOfBirth: z.iso.date(),
    sex: z.enum(['female', 'male', 'other', 'unknown']),
    nationality: countryCodeSchema,
    languagesSpoken: trimmedText({ min: 1, max: 200 }),
    phone: z.string().regex(/^\+?[0-9 ()-]{5,20}$/, 'must be a phone number'),
    address: trimmedText({ min: 1, max: 500 }),
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
  .object({ reason: trimmedText({ min: 10, max: 500, message: 'say why you need the identifying details (at least 10 characters)' }) })
  .strict();

export const listQuerySchema = pageQuerySchema.strict();

/** Path ids: a case by its id or its reference (RR-2026-000123), an alert or referral by its id. */
export const caseIdParamSchema = z.string().min(1).max(100).describe('The case id, or its reference such as RR-2026-000123.');
export const entityIdParamSchema = z.string().min(1).max(100);

const isoDateTime = z.iso.datetime({ offset: true });

const alertViewSchema = z.object({
  alertId: z.string(),
  kind: recipientGroupSchema.shape.kind,
  organisationId: z.string(),
  country: countryCodeSchema.optional(),
  reason: z.string(),
  rung: z.number().int().min(0).describe('The step of the escalation ladder alerted now (0 first).'),
  alertedPersonIds: z.array(z.string()),
  status: z.enum(['open', 'acknowledged', 'exhausted']),
  acknowledgeBy: isoDateTime,
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: isoDateTime.optional(),
});

export const referralViewSchema = z.object({
  referralId: z.string(),
  organisationId: z.string(),
  service: serviceSchema,
  status: z.enum(['made', 'accepted', 'declined', 'completed']),
  referredBy: z.string(),
  referredAt: isoDateTime,
  updatedAt: isoDateTime,
  declineReason: z.string().optional(),
});

/** A case as the API shows it: never the identifying details (they have their own audited endpoint). */
export const caseViewSchema = z.object({
  caseId: z.string(),
  caseRef: caseRefSchema,
  urgency: urgencySchema,
  countries: z.array(involvedCountrySchema),
  servicesNeeded: z.array(serviceSchema),
  riskFlags: z.array(riskFlagSchema),
  consent: z.object({ shareWithPartners: z.boolean() }),
  reportingOrganisationId: z.string(),
  hasIdentifyingDetails: z.boolean(),
  alerts: z.array(alertViewSchema),
  referrals: z.array(referralViewSchema),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const casePageSchema = z.object({ items: z.array(caseViewSchema), nextCursor: z.string().nullable() });

export const timelineViewSchema = z.object({
  caseId: z.string(),
  caseRef: caseRefSchema,
  entries: z.array(
    z.object({
      id: z.string(),
      at: isoDateTime,
      type: z.string().describe('e.g. case.opened, alert.raised, alert.escalated, alert.acknowledged, referral.made'),
      actor: z.string().optional(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const auditTrailSchema = z.object({
  items: z.array(
    z.object({
      _id: z.string(),
      caseId: z.string(),
      actor: z.string(),
      roles: z.array(z.string()),
      action: z.literal('identity.read'),
      reason: z.string(),
      at: isoDateTime,
      correlationId: z.string().optional(),
    }),
  ),
});

export const identityViewSchema = z.object({
  identity: identitySchema,
  notes: z.string().optional(),
  auditId: z.string().describe('The audit record of this read.'),
});

export const alertStateSchema = alertViewSchema
  .omit({ alertedPersonIds: true })
  .extend({ rungs: z.array(z.object({ personIds: z.array(z.string()) })) });
