import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseRefSchema, serviceSchema } from '../common.schema';

export const caseReferralAcceptedSchema = z.object({
  referralId: z.string().min(1),
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  organisationId: z.string().min(1),
  service: serviceSchema,
  by: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
});
export type CaseReferralAccepted = z.infer<typeof caseReferralAcceptedSchema>;

export const caseReferralAccepted = defineEvent('case.referral.accepted.v1', caseReferralAcceptedSchema, {
  description: 'The partner accepted a referral.',
  keyField: 'caseId',
});
