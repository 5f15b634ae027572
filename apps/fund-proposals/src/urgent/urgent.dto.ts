import { caseRefSchema } from '@ctip/contracts';
import { trimmedText } from '@ctip/http';
import { z } from 'zod';
import { personalDataProblem } from './personal-data';

export const requestUrgentSchema = z
  .object({
    justification: trimmedText({ min: 10, max: 4_000 })
      .describe('Why it cannot wait for the quarter. Name a case only by its reference; never a person. Stays in the service.')
      .superRefine((text, ctx) => {
        const problem = personalDataProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    caseRef: caseRefSchema.optional().describe('The case the request relates to, by its reference only.'),
  })
  .strict();
export type RequestUrgent = z.output<typeof requestUrgentSchema>;

export const proposeUrgentDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'decline']),
    amount: z.number().int().min(1).optional().describe('For approve: at most the amount requested (default: the amount requested).'),
    reason: trimmedText({ min: 3, max: 2_000 }).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.decision === 'decline' && body.amount !== undefined)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is only given with decision approve' });
  });
export type ProposeUrgentDecision = z.output<typeof proposeUrgentDecisionSchema>;

export const urgentViewSchema = z.object({
  proposalId: z.string(),
  status: z.string(),
  decideBy: z.string(),
  caseRef: z.string().optional(),
  proposed: z
    .object({ by: z.string(), decision: z.enum(['approve', 'decline']), amount: z.number().int().optional(), at: z.string() })
    .optional(),
  decision: z
    .object({
      decision: z.enum(['approved', 'deferred', 'declined']),
      cycleId: z.string(),
      amountApproved: z.number().int(),
      confirmedBy: z.array(z.string()),
      decidedAt: z.string(),
    })
    .optional(),
});
export type UrgentView = z.output<typeof urgentViewSchema>;
