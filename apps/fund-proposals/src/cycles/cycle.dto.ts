import { fundCycleIdSchema } from '@ctip/contracts';
import { pageOf, pageQuerySchema, trimmedText } from '@ctip/http';
import { z } from 'zod';
import { CYCLE_STATUSES } from './fund-cycle.schema';
import { fundDateTimeSchema } from './fund-time';

export const cycleIdParamSchema = fundCycleIdSchema.describe('A fund cycle such as 2027-Q1.');
export const proposalIdParamSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1 to 100 of A-Z a-z 0-9 . _ -')
  .describe('A proposal id.');

export const createCycleSchema = z
  .object({
    cycleId: fundCycleIdSchema,
    cutOff: fundDateTimeSchema.describe('Proposals reviewed by then are on the slate. Without an offset it is read in FUND_TIME_ZONE.'),
    decisionDate: fundDateTimeSchema.describe('When the committee decides; after the cut-off.'),
    amount: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000_000)
      .describe('The quarter’s own money in minor units; what earlier quarters left uncommitted is added to it.'),
  })
  .strict();
export type CreateCycle = z.output<typeof createCycleSchema>;

export const cycleListQuerySchema = pageQuerySchema.strict();

const moneyAmount = z.number().int();
export const balanceViewSchema = z.object({
  cycleId: z.string(),
  envelope: moneyAmount,
  urgentReserve: moneyAmount,
  committed: moneyAmount,
  urgentCommitted: moneyAmount,
  available: moneyAmount,
  urgentAvailable: moneyAmount,
});

export const cycleViewSchema = z.object({
  cycleId: z.string(),
  status: z.enum(CYCLE_STATUSES),
  timeZone: z.string(),
  cutOff: z.string().describe('UTC instant.'),
  cutOffLocal: z.string().describe('The cut-off as wall-clock time in the fund time zone, with its offset.'),
  decisionDate: z.string(),
  decisionDateLocal: z.string(),
  currency: z.string(),
  quarterAmount: moneyAmount,
  carryOver: moneyAmount.describe('What earlier quarters left uncommitted, included in the envelope.'),
  carriedOverTo: z.string().optional().describe('The later cycle this one’s remainder went to; it commits nothing more.'),
  balance: balanceViewSchema,
  closing: z.object({ by: z.enum(['schedule', 'officer']), startedAt: z.string(), linesWritten: z.number().int() }).optional(),
  closedAt: z.string().optional(),
  slate: z
    .object({ lines: z.number().int(), proposedForApproval: z.number().int(), proposedAmount: moneyAmount, rolledOver: z.number().int() })
    .optional(),
  confirmation: z
    .object({
      preparedBy: z.string(),
      preparedAt: z.string(),
      confirmedBy: z.string().optional(),
      confirmedAt: z.string().optional(),
      applied: z.number().int(),
      approved: z.number().int().optional(),
      deferred: z.number().int().optional(),
      declined: z.number().int().optional(),
    })
    .optional(),
});
export type CycleView = z.output<typeof cycleViewSchema>;
export const cyclePageSchema = pageOf(cycleViewSchema);

const SLATE_DECISIONS = ['approve', 'defer', 'decline'] as const;

export const amendLineSchema = z
  .object({
    decision: z.enum(SLATE_DECISIONS),
    amount: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('For approve: the amount to approve, at most the amount requested (default: the amount requested).'),
    reason: trimmedText({ min: 3, max: 2_000 }).describe('Why the line is amended; kept with the slate, never published.'),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.decision !== 'approve' && body.amount !== undefined)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is only given with decision approve' });
  });
export type AmendLine = z.output<typeof amendLineSchema>;

export const slateLineViewSchema = z.object({
  proposalId: z.string(),
  proposalRef: z.string(),
  organisationId: z.string(),
  title: z.string(),
  countries: z.array(z.string()),
  rank: z.number().int(),
  weightedScore: z.number(),
  amountRequested: moneyAmount,
  proposed: z.object({ decision: z.enum(SLATE_DECISIONS), amount: moneyAmount }),
  decision: z.object({
    decision: z.enum(SLATE_DECISIONS),
    amount: moneyAmount,
    reason: z.string().optional(),
    amendedBy: z.string().optional(),
    amendedAt: z.string().optional(),
  }),
  applied: z.boolean(),
});
export type SlateLineView = z.output<typeof slateLineViewSchema>;
export const slatePageSchema = pageOf(slateLineViewSchema);
export const slateListQuerySchema = pageQuerySchema.strict();
