import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { fundRecipientsSchema, moneySchema, proposalFactsSchema } from '../fund.schema';

/**
 * An applicant asked for an urgent decision. Goes to the on-duty fund officers. The justification stays
 * in the service: it may relate to an individual case, referenced there only by its case reference.
 */
export const fundUrgentRequestedSchema = z.object({
  ...proposalFactsSchema.shape,
  amountRequested: moneySchema,
  decideBy: z.iso.datetime({ offset: true }),
  recipients: fundRecipientsSchema,
  requestedAt: z.iso.datetime({ offset: true }),
});
export type FundUrgentRequested = z.infer<typeof fundUrgentRequestedSchema>;

export const fundUrgentRequested = defineEvent('fund.urgent.requested.v1', fundUrgentRequestedSchema, {
  description: 'An urgent fast-track decision was requested; the on-duty fund officers are alerted with the deadline.',
  keyField: 'proposalId',
});
