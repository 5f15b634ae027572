import { serviceSchema } from '@ctip/contracts';
import { z } from 'zod';

export const makeReferralSchema = z.object({ organisationId: z.string().min(1).max(100), service: serviceSchema }).strict();
export const declineReferralSchema = z.object({ reason: z.enum(['no-capacity', 'not-eligible', 'out-of-area', 'other']) }).strict();
