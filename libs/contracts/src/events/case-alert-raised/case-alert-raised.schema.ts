import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseFactsSchema, recipientGroupSchema } from '../common.schema';

/**
 * An urgent case needs a recipient group's attention. Carries only what an alert may carry:
 * no name, birth date, address, phone or free-text notes of the person concerned.
 */
export const caseAlertRaisedSchema = z.object({
  alertId: z.string().min(1),
  ...caseFactsSchema.shape,
  recipients: recipientGroupSchema,
  rung: z.number().int().min(0),
  acknowledgeBy: z.iso.datetime({ offset: true }),
});
export type CaseAlertRaised = z.infer<typeof caseAlertRaisedSchema>;

export const caseAlertRaised = defineEvent('case.alert.raised.v1', caseAlertRaisedSchema, {
  description: 'An urgent case alert was raised for one recipient group, with its acknowledgement deadline.',
  keyField: 'caseId',
});
