import { z } from 'zod';
import { personIdSchema } from '../events/event.dto';
import { externalParticipantSchema } from '../participants/participant.dto';

const organisationIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be a directory organisation id');

export const nominationRequestSchema = z
  .object({
    organisationId: organisationIdSchema.describe('The institution asked to nominate (a field presence, a partner).'),
    quota: z.number().int().min(1).max(1000).describe('How many this institution may nominate.'),
    countryQuota: z.number().int().min(1).max(1000).optional().describe('How many all institutions of its country may nominate together.'),
    nominateBy: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with its offset' }).optional(),
  })
  .strict();
export type NominationRequestInput = z.output<typeof nominationRequestSchema>;

export const nominationSchema = z.union([
  z.object({ personId: personIdSchema }).strict(),
  z.object({ external: externalParticipantSchema }).strict().describe('A nominee who is not in the directory.'),
]);
export type NominationInput = z.output<typeof nominationSchema>;

export const nominationIdParamSchema = z.uuid('must be a nomination id (uuid)');

export const nominationRequestViewSchema = z.object({
  nominationRequestId: z.string(),
  organisationId: z.string(),
  country: z.string().optional(),
  quota: z.number().int(),
  countryQuota: z.number().int().optional(),
  remaining: z.number().int().describe('What the institution may still nominate (its own and its country’s quota).'),
  nominateBy: z.string().optional(),
  requestedAt: z.string(),
});

export const nominationViewSchema = z.object({
  nominationId: z.string(),
  participantId: z.string(),
  organisationId: z.string(),
  country: z.string().optional(),
  state: z.enum(['pending', 'approved', 'rejected']),
  nominatedAt: z.string(),
  decidedAt: z.string().optional(),
});
export const nominationListSchema = z.object({
  requests: z.array(nominationRequestViewSchema),
  nominations: z.array(nominationViewSchema),
});
