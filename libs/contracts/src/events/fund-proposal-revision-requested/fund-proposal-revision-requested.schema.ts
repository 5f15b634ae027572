import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { fundRecipientsSchema, proposalFactsSchema } from '../fund.schema';

/** A fund officer asked the applicant to revise a submitted version; the points themselves stay in the service. */
export const fundProposalRevisionRequestedSchema = z.object({
  ...proposalFactsSchema.shape,
  version: z.number().int().min(1),
  points: z.number().int().min(1),
  recipients: fundRecipientsSchema,
  requestedAt: z.iso.datetime({ offset: true }),
});
export type FundProposalRevisionRequested = z.infer<typeof fundProposalRevisionRequestedSchema>;

export const fundProposalRevisionRequested = defineEvent('fund.proposal.revision-requested.v1', fundProposalRevisionRequestedSchema, {
  description: 'A fund officer requested a revision of a proposal (design consultation); sent to its fund contacts.',
  keyField: 'proposalId',
});
