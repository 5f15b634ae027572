import { caseRefSchema, involvedCountrySchema, riskFlagSchema, serviceSchema, urgencySchema } from '@ctip/contracts';
import { z } from 'zod';
import { referralViewSchema } from '../cases/case.dto';

export const makeReferralSchema = z.object({ organisationId: z.string().min(1).max(100), service: serviceSchema }).strict();
export const declineReferralSchema = z.object({ reason: z.enum(['no-capacity', 'not-eligible', 'out-of-area', 'other']) }).strict();

/** A referral as its partner sees it: the case's reference and alert facts, no identifying details. */
export const partnerReferralPageSchema = z.object({
  items: z.array(
    referralViewSchema.extend({
      caseId: z.string(),
      caseRef: caseRefSchema,
      urgency: urgencySchema,
      countries: z.array(involvedCountrySchema),
      riskFlags: z.array(riskFlagSchema),
    }),
  ),
  nextCursor: z.string().nullable(),
});
