import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { proposalFactsSchema } from '../fund.schema';

export const SCREENING_CHECKS = [
  'field-operation-involved',
  'anti-trafficking-purpose',
  'supported-activity',
  'within-project-limit',
] as const;

/** A proposal passed or failed the eligibility checklist; an ineligible one names the checks it failed. */
export const fundProposalScreenedSchema = z.object({
  ...proposalFactsSchema.shape,
  version: z.number().int().min(1),
  outcome: z.enum(['eligible', 'ineligible']),
  failedChecks: z.array(z.enum(SCREENING_CHECKS)),
  screenedAt: z.iso.datetime({ offset: true }),
});
export type FundProposalScreened = z.infer<typeof fundProposalScreenedSchema>;

export const fundProposalScreened = defineEvent('fund.proposal.screened.v1', fundProposalScreenedSchema, {
  description: 'A proposal was screened for eligibility: eligible, or ineligible with the failed checks.',
  keyField: 'proposalId',
});
