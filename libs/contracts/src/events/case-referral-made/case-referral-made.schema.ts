import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { caseRefSchema, serviceSchema, urgencySchema } from '../common.schema';

/** A case was referred to a partner organisation for a service. */
export const caseReferralMadeSchema = z.object({
  referralId: z.string().min(1),
  caseId: z.string().min(1),
  caseRef: caseRefSchema,
  organisationId: z.string().min(1),
  service: serviceSchema,
  urgency: urgencySchema,
  referredBy: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
});
export type CaseReferralMade = z.infer<typeof caseReferralMadeSchema>;

export const caseReferralMade = defineEvent('case.referral.made.v1', caseReferralMadeSchema, {
  description: 'A case was referred to a partner organisation for a service.',
  keyField: 'caseId',
});
