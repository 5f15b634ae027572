import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { fundCycleIdSchema, moneySchema } from '../fund.schema';

/** A fund cycle reached its cut-off (or was closed by hand) and its decision slate was stored. */
export const fundCycleClosedSchema = z.object({
  cycleId: fundCycleIdSchema,
  closedAt: z.iso.datetime({ offset: true }),
  closedBy: z.enum(['schedule', 'officer']),
  proposalsOnSlate: z.number().int().min(0),
  proposedForApproval: z.number().int().min(0),
  rolledOver: z.number().int().min(0),
  envelope: moneySchema,
});
export type FundCycleClosed = z.infer<typeof fundCycleClosedSchema>;

export const fundCycleClosed = defineEvent('fund.cycle.closed.v1', fundCycleClosedSchema, {
  description: 'A fund cycle closed at its cut-off and its decision slate is ready for the committee.',
  keyField: 'cycleId',
});
