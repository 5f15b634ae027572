import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseRefSchema, recipientGroupSchema, urgencySchema } from '../common.schema';

/** Nobody acknowledged an alert by its deadline; it moved to the next rung of the ladder. */
export const caseAlertEscalatedSchema = z.object({
  alertId: z.string().min(1),
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  urgency: urgencySchema,
  fromRung: z.number().int().min(0),
  toRung: z.number().int().min(1),
  recipients: recipientGroupSchema,
  acknowledgeBy: z.iso.datetime({ offset: true }),
  /** How late the escalation fired compared to the deadline (e.g. after a Redis restart). */
  delayMs: z.number().int().min(0),
});
export type CaseAlertEscalated = z.infer<typeof caseAlertEscalatedSchema>;

export const caseAlertEscalated = defineEvent('case.alert.escalated.v1', caseAlertEscalatedSchema, {
  description: 'Nobody acknowledged an alert in time; it escalated to the next rung (backup, head of mission, coordination unit).',
  keyField: 'caseId',
});
