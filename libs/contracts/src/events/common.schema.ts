import { z } from 'zod';

/** ISO 3166-1 alpha-2, plus XK (Kosovo, user-assigned code used by the OSCE and the EU). */
export const countryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code');

export const URGENCIES = ['critical', 'high', 'normal'] as const;
export const urgencySchema = z.enum(URGENCIES);

/** The part a country plays in a case. */
export const COUNTRY_ROLES = ['found', 'origin', 'transit', 'destination'] as const;

export const SERVICES = [
  'shelter',
  'medical',
  'psychological',
  'legal-aid',
  'interpretation',
  'voluntary-repatriation',
  'reintegration',
] as const;
export const serviceSchema = z.enum(SERVICES);

export const RISK_FLAGS = ['child', 'immediate-danger', 'medical-emergency', 'pregnant', 'disability', 'forced-criminality'] as const;
export const riskFlagSchema = z.enum(RISK_FLAGS);

export const involvedCountrySchema = z.object({ country: countryCodeSchema, role: z.enum(COUNTRY_ROLES) });

/**
 * A case reference such as `RR-2026-000123`. It identifies a case to people who may open it through
 * the authenticated API; it carries nothing about the person.
 */
export const caseRefSchema = z.string().regex(/^RR-\d{4}-\d{6}$/, 'must look like RR-2026-000123');

/** Who is alerted: never a victim, always a professional or an organisation. */
export const recipientGroupSchema = z.object({
  kind: z.enum(['focal-point', 'partner', 'coordination-unit']),
  organisationId: z.string().min(1),
  country: countryCodeSchema.optional(),
  personIds: z.array(z.string().min(1)).min(1),
});

export const LANGUAGES = ['en', 'ru'] as const;
/** Languages people read; templates exist at least for English and Russian. */
export const languageSchema = z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 language code');

export const ORGANISATION_KINDS = ['field-presence', 'coordination-unit', 'partner'] as const;
export const PARTNER_TYPES = ['ngo', 'international-organisation', 'shelter', 'hotline', 'state-agency'] as const;
export const CONTACT_CHANNELS = ['email', 'sms', 'webhook'] as const;

/** An IANA time zone such as Europe/Chisinau. */
export const timeZoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Vienna' },
);

/** What every step of a referral after it was made carries (accepted, declined, completed). */
export const referralStepSchema = z.object({
  referralId: z.string().min(1),
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  organisationId: z.string().min(1),
  service: serviceSchema,
  by: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
});

/** What every delivery report carries; the source files it under `aggregateKey` (e.g. the case). */
export const notificationReportSchema = z.object({
  notificationId: z.string().min(1),
  sourceEventId: z.uuid(),
  sourceType: z.string().min(1),
  aggregateKey: z.string().min(1),
  recipientPersonId: z.string().min(1),
  channel: z.enum([...CONTACT_CHANNELS, 'in-app']),
  attempts: z.number().int().min(1),
});

/** What every case event says about the case: its reference and the facts an alert may carry. */
export const caseFactsSchema = z.object({
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  urgency: urgencySchema,
  countries: z.array(involvedCountrySchema).min(1),
  servicesNeeded: z.array(serviceSchema),
  riskFlags: z.array(riskFlagSchema),
});
