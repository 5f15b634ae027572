import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseRefSchema } from '../common.schema';

/** Someone alerted took responsibility; pending escalations of the alert are cancelled. */
export const caseAlertAcknowledgedSchema = z.object({
  alertId: z.string().min(1),
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  acknowledgedBy: z.string().min(1),
  rung: z.number().int().min(0),
  acknowledgedAt: z.iso.datetime({ offset: true }),
});
export type CaseAlertAcknowledged = z.infer<typeof caseAlertAcknowledgedSchema>;

export const caseAlertAcknowledged = defineEvent('case.alert.acknowledged.v1', caseAlertAcknowledgedSchema, {
  description: 'An alerted person acknowledged an alert; its pending escalation is cancelled.',
  keyField: 'caseId',
});
