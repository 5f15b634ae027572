import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { involvedCountrySchema, riskFlagSchema, serviceSchema, urgencySchema } from '../common.schema';

/**
 * An integrating system (a hotline, a national referral database) reports an urgent case.
 * The event carries no identifying details and no free text: those are given through the
 * authenticated API, never through Kafka.
 */
export const caseReportedSchema = z.object({
  /** The integrator's own id for the report; reporting the same id twice opens one case. */
  reportId: z.string().min(1).max(100),
  reportingOrganisationId: z.string().min(1),
  urgency: urgencySchema,
  countries: z.array(involvedCountrySchema).min(1),
  servicesNeeded: z.array(serviceSchema),
  riskFlags: z.array(riskFlagSchema),
  consentToShare: z.boolean(),
});
export type CaseReported = z.infer<typeof caseReportedSchema>;

export const caseReported = defineEvent('case.reported.v1', caseReportedSchema, {
  description: 'An integrating system reported an urgent case (no identifying details, no free text).',
  keyField: 'reportId',
});
