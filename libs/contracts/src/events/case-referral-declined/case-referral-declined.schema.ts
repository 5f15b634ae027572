import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseRefSchema, serviceSchema } from '../common.schema';

export const caseReferralDeclinedSchema = z.object({
  referralId: z.string().min(1),
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  organisationId: z.string().min(1),
  service: serviceSchema,
  by: z.string().min(1),
  reason: z.enum(['no-capacity', 'not-eligible', 'out-of-area', 'other']).optional(),
  at: z.iso.datetime({ offset: true }),
});
export type CaseReferralDeclined = z.infer<typeof caseReferralDeclinedSchema>;

export const caseReferralDeclined = defineEvent('case.referral.declined.v1', caseReferralDeclinedSchema, {
  description: 'The partner declined a referral (with a reason code).',
  keyField: 'caseId',
});
