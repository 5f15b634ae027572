import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { fundRecipientsSchema, proposalFactsSchema } from '../fund.schema';

/** An urgent request passed half its SLA undecided (`reminder`), or all of it (`expired`, to the head of unit). */
export const fundUrgentEscalatedSchema = z.object({
  ...proposalFactsSchema.shape,
  stage: z.enum(['reminder', 'expired']),
  decideBy: z.iso.datetime({ offset: true }),
  recipients: fundRecipientsSchema,
  escalatedAt: z.iso.datetime({ offset: true }),
});
export type FundUrgentEscalated = z.infer<typeof fundUrgentEscalatedSchema>;

export const fundUrgentEscalated = defineEvent('fund.urgent.escalated.v1', fundUrgentEscalatedSchema, {
  description: 'An urgent request is undecided at half its SLA (reminder) or past it (expired, to the head of unit).',
  keyField: 'proposalId',
});
