import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { referralStepSchema } from '../common.schema';

export const caseReferralCompletedSchema = referralStepSchema;
export type CaseReferralCompleted = z.infer<typeof caseReferralCompletedSchema>;

export const caseReferralCompleted = defineEvent('case.referral.completed.v1', caseReferralCompletedSchema, {
  description: 'The partner completed the referred service.',
  keyField: 'caseId',
});
