import { localizedTextSchema } from '@ctip/contracts';
import { z } from 'zod';
import { normaliseVerificationCode } from './verification-code';

export const certificateIdParamSchema = z.uuid().describe('The certificate’s id (from the issue answer or the notice).');

/** 16 symbols of Crockford's base32 (O, I and L read as 0, 1, 1; no U), with any spaces or dashes between. */
const TYPED_CODE = /^[\s-]*(?:[0-9A-TV-Za-tv-z][\s-]*){16}$/;

export const verificationCodeParamSchema = z
  .string()
  .max(40)
  .regex(TYPED_CODE, 'must be a verification code of 16 letters and digits, e.g. 7KQM-3XPV-9TRA-2HWE')
  .transform((typed) => normaliseVerificationCode(typed) ?? typed)
  .describe('The code printed on the certificate; case, spaces and dashes do not matter.');

export const issueResultSchema = z.object({
  eventId: z.string(),
  threshold: z.number(),
  issued: z.array(z.object({ certificateId: z.string(), participantId: z.string() })).describe('Certificates issued by this request.'),
  alreadyIssued: z.array(z.object({ certificateId: z.string(), participantId: z.string() })),
  belowThreshold: z.array(z.object({ participantId: z.string(), rate: z.number().nullable() })),
});
export type IssueResult = z.output<typeof issueResultSchema>;

/** What the public may learn from a code: the event's title and dates and whether it is valid. Nothing about a person. */
export const verificationViewSchema = z.object({
  valid: z.boolean(),
  event: z.object({ title: localizedTextSchema, startsAt: z.string(), endsAt: z.string() }).optional().describe('Only for a valid code.'),
});
export type VerificationView = z.output<typeof verificationViewSchema>;
