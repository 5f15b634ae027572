import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { fundActivityTypeSchema, moneySchema, proposalFactsSchema } from '../fund.schema';

/** A proposal (or a revision of it) was submitted to the Fund; `version` is the frozen version's number. */
export const fundProposalSubmittedSchema = z.object({
  ...proposalFactsSchema.shape,
  version: z.number().int().min(1),
  activityTypes: z.array(fundActivityTypeSchema).min(1),
  amountRequested: moneySchema,
  urgent: z.boolean(),
  submittedAt: z.iso.datetime({ offset: true }),
});
export type FundProposalSubmitted = z.infer<typeof fundProposalSubmittedSchema>;

export const fundProposalSubmitted = defineEvent('fund.proposal.submitted.v1', fundProposalSubmittedSchema, {
  description: 'A fund proposal, or a revision of it, was submitted; the version is frozen.',
  keyField: 'proposalId',
});
