import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { referralStepSchema } from '../common.schema';

export const caseReferralAcceptedSchema = referralStepSchema;
export type CaseReferralAccepted = z.infer<typeof caseReferralAcceptedSchema>;

export const caseReferralAccepted = defineEvent('case.referral.accepted.v1', caseReferralAcceptedSchema, {
  description: 'The partner accepted a referral.',
  keyField: 'caseId',
});
