import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { fundCycleIdSchema, fundRecipientsSchema, moneySchema, proposalFactsSchema } from '../fund.schema';

/**
 * The Fund decided a proposal: exactly one such event per proposal and decision. `lane` says whether the
 * quarterly committee (`cycleId`) or the urgent fast-track decided it. No scores, reviewers or justification.
 */
export const fundProposalDecidedSchema = z.object({
  ...proposalFactsSchema.shape,
  decision: z.enum(['approved', 'deferred', 'declined']),
  lane: z.enum(['quarterly', 'urgent']),
  cycleId: fundCycleIdSchema,
  /** Approved amount (0 unless approved). */
  amountApproved: moneySchema,
  /** The cycle a deferred proposal moves to. */
  deferredTo: fundCycleIdSchema.optional(),
  recipients: fundRecipientsSchema,
  decidedAt: z.iso.datetime({ offset: true }),
});
export type FundProposalDecided = z.infer<typeof fundProposalDecidedSchema>;

export const fundProposalDecided = defineEvent('fund.proposal.decided.v1', fundProposalDecidedSchema, {
  description: 'A proposal was approved, deferred or declined, by the quarterly committee or the urgent fast-track; once per decision.',
  keyField: 'proposalId',
});
