import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseRefSchema, involvedCountrySchema, riskFlagSchema, serviceSchema, urgencySchema } from '../common.schema';

/** A case was opened from a report; alerts follow. */
export const caseOpenedSchema = z.object({
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  urgency: urgencySchema,
  countries: z.array(involvedCountrySchema).min(1),
  servicesNeeded: z.array(serviceSchema),
  riskFlags: z.array(riskFlagSchema),
  reportingOrganisationId: z.string().min(1),
  openedAt: z.iso.datetime({ offset: true }),
});
export type CaseOpened = z.infer<typeof caseOpenedSchema>;

export const caseOpened = defineEvent('case.opened.v1', caseOpenedSchema, {
  description: 'A case was opened from a report (API or case.reported); carries no identifying details.',
  keyField: 'caseId',
});
