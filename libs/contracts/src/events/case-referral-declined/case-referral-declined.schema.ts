import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { referralStepSchema } from '../common.schema';

export const caseReferralDeclinedSchema = referralStepSchema.extend({
  reason: z.enum(['no-capacity', 'not-eligible', 'out-of-area', 'other']).optional(),
});
export type CaseReferralDeclined = z.infer<typeof caseReferralDeclinedSchema>;

export const caseReferralDeclined = defineEvent('case.referral.declined.v1', caseReferralDeclinedSchema, {
  description: 'The partner declined a referral (with a reason code).',
  keyField: 'caseId',
});
