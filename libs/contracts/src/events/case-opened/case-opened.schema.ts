import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseFactsSchema } from '../common.schema';

/** A case was opened from a report; alerts follow. */
export const caseOpenedSchema = z.object({
  ...caseFactsSchema.shape,
  reportingOrganisationId: z.string().min(1),
  openedAt: z.iso.datetime({ offset: true }),
});
export type CaseOpened = z.infer<typeof caseOpenedSchema>;

export const caseOpened = defineEvent('case.opened.v1', caseOpenedSchema, {
  description: 'A case was opened from a report (API or case.reported); carries no identifying details.',
  keyField: 'caseId',
});
