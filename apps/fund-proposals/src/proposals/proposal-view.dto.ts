import { moneySchema, proposalRefSchema, SCREENING_CHECKS } from '@ctip/contracts';
import { pageOf } from '@ctip/http';
import { z } from 'zod';
import { PROPOSAL_STATUSES } from './proposal-status';
import { PROPOSAL_SECTIONS, proposalContentSchema } from './proposal.dto';

const at = z.iso.datetime({ offset: true });
const point = z.object({ section: z.enum(PROPOSAL_SECTIONS), text: z.string() });

export const commentViewSchema = z.object({
  commentId: z.string(),
  section: z.enum(PROPOSAL_SECTIONS),
  text: z.string(),
  /** ODIHR sees who wrote it and whether it is internal; the applicant never gets internal ones. */
  authorId: z.string().optional(),
  internal: z.boolean().optional(),
  at,
});

const roundViewSchema = z.object({
  version: z.number().int().optional(),
  requestedAt: at,
  requestedBy: z.string().optional(),
  points: z.array(point),
  respondedAt: at.optional(),
  durationMs: z.number().int().optional(),
  remindedAt: at.optional(),
});

/**
 * A proposal as its reader may see it. The applicant's view leaves out review data, screening notes,
 * the urgent request's handling and internal comments; ODIHR's has them (their shape belongs to the
 * module that writes them).
 */
export const proposalViewSchema = z.object({
  proposalId: z.string(),
  proposalRef: proposalRefSchema,
  organisationId: z.string(),
  createdBy: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  content: proposalContentSchema,
  revision: z.number().int().min(1),
  submittedVersion: z.number().int().min(0),
  submittedAt: at.optional(),
  cycleId: z.string().optional(),
  consultation: z.object({ comments: z.array(commentViewSchema), rounds: z.array(roundViewSchema), totalMs: z.number().int().min(0) }),
  screening: z
    .object({
      outcome: z.enum(['eligible', 'ineligible']),
      reasons: z.array(z.string()),
      screenedAt: at,
      version: z.number().int().optional(),
      checks: z.partialRecord(z.enum(SCREENING_CHECKS), z.boolean()).optional(),
      note: z.string().optional(),
      screenedBy: z.string().optional(),
    })
    .optional(),
  review: z.looseObject({}).optional(),
  urgent: z.looseObject({}).optional(),
  decision: z.looseObject({}).optional(),
  demo: z.boolean().optional().describe('Demonstration data (the fund seed).'),
  createdAt: at,
  updatedAt: at,
});

export const proposalSummarySchema = z.object({
  proposalId: z.string(),
  proposalRef: proposalRefSchema,
  organisationId: z.string(),
  title: z.string(),
  countries: z.array(z.string()),
  status: z.enum(PROPOSAL_STATUSES),
  amountRequested: moneySchema,
  submittedVersion: z.number().int().min(0),
  submittedAt: at.optional(),
  createdAt: at,
});
export const proposalPageSchema = pageOf(proposalSummarySchema);

export const versionSummarySchema = z.object({
  version: z.number().int().min(1),
  revision: z.number().int().min(1),
  submittedBy: z.string(),
  submittedAt: at,
});
export const versionPageSchema = pageOf(versionSummarySchema);

export const versionViewSchema = versionSummarySchema.extend({ proposalId: z.string(), content: proposalContentSchema });

const budgetLineSchema = z.object({ category: z.string(), description: z.string(), amount: z.number().int() });

export const comparisonSchema = z.object({
  proposalId: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  budgetLines: z.object({
    added: z.array(budgetLineSchema),
    removed: z.array(budgetLineSchema),
    changed: z.array(z.object({ category: z.string(), description: z.string(), before: z.number().int(), after: z.number().int() })),
  }),
});
