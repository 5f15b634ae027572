import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { fundCycleIdSchema, moneySchema } from '../fund.schema';

/** The fund committee confirmed a cycle's slate; the decisions follow as `fund.proposal.decided` events. */
export const fundSlateConfirmedSchema = z.object({
  cycleId: fundCycleIdSchema,
  confirmedAt: z.iso.datetime({ offset: true }),
  approved: z.number().int().min(0),
  deferred: z.number().int().min(0),
  declined: z.number().int().min(0),
  committed: moneySchema,
  envelope: moneySchema,
});
export type FundSlateConfirmed = z.infer<typeof fundSlateConfirmedSchema>;

export const fundSlateConfirmed = defineEvent('fund.slate.confirmed.v1', fundSlateConfirmedSchema, {
  description: 'The fund committee confirmed a cycle’s decision slate, committing money within the envelope.',
  keyField: 'cycleId',
});
