import { fundCycleIdSchema } from '@ctip/contracts';
import { z } from 'zod';

export const cycleIdParamSchema = fundCycleIdSchema.describe('A fund cycle, e.g. 2027-Q1.');

const minor = z.number().int().describe('Minor units of `currency`.');
const milliseconds = z.number().int().nullable().describe('Milliseconds; null when nothing was decided.');

export const cycleReportSchema = z
  .object({
    cycleId: z.string(),
    currency: z.string(),
    proposals: z
      .object({
        received: z.number().int().describe('Submitted during the quarter, in the fund’s time zone.'),
        decided: z.number().int(),
        approved: z.number().int(),
        deferred: z.number().int(),
        declined: z.number().int(),
      })
      .strict(),
    amountApproved: z.object({ quarterly: minor, urgent: minor, total: minor }).strict(),
    envelope: z
      .object({
        envelope: minor,
        urgentReserve: minor,
        committed: minor,
        urgentCommitted: minor,
        available: minor,
        urgentAvailable: minor,
      })
      .strict()
      .nullable()
      .describe('Committed against available, from the cycle’s ledger; null when the cycle has no envelope.'),
    timeToDecision: z
      .object({ count: z.number().int(), medianMs: milliseconds, p90Ms: milliseconds })
      .strict()
      .describe('From submission to decision, for the proposals decided in the cycle.'),
    urgent: z
      .object({
        decided: z.number().int(),
        slaKept: z.number().int(),
        slaMissed: z.number().int(),
        pendingWithinSla: z.number().int(),
        pendingOverdue: z.number().int(),
      })
      .strict(),
  })
  .strict();
