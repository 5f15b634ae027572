import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseRefSchema, serviceSchema } from '../common.schema';

export const caseReferralCompletedSchema = z.object({
  referralId: z.string().min(1),
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  organisationId: z.string().min(1),
  service: serviceSchema,
  by: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
});
export type CaseReferralCompleted = z.infer<typeof caseReferralCompletedSchema>;

export const caseReferralCompleted = defineEvent('case.referral.completed.v1', caseReferralCompletedSchema, {
  description: 'The partner completed the referred service.',
  keyField: 'caseId',
});
