import { FUND_CRITERIA } from '@ctip/contracts';
import { pageOf, pageQuerySchema, trimmedText } from '@ctip/http';
import { PROPOSAL_STATUSES } from '../proposals/proposal-status';
import { z } from 'zod';
import { RECUSAL_REASONS } from './recusal-policy';
import { MIN_SCORING_REVIEWERS } from './review-progress';
import type { Criterion } from './review-scoring';

export const proposalIdParamSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a proposal id (a lowercase UUID)')
  .describe('The proposal’s id.');

/** A directory person id, as the directory writes them (`rv-odihr-anna`); the token subject of a reviewer. */
const personIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a directory person id: 2 to 63 characters of a-z, 0-9 and -, not starting with -');

export const assignReviewersSchema = z
  .object({
    reviewerIds: z
      .array(personIdSchema)
      .min(MIN_SCORING_REVIEWERS, `must name at least ${MIN_SCORING_REVIEWERS} reviewers`)
      .max(20)
      .refine((ids) => new Set(ids).size === ids.length, 'must not name a reviewer twice')
      .meta({ uniqueItems: true })
      .describe('Directory people with the fund-reviewer role. Added to those already assigned; the same set again changes nothing.'),
  })
  .strict();
export type AssignReviewers = z.output<typeof assignReviewersSchema>;

export const declarationSchema = z
  .object({
    hasConflict: z.boolean().describe('true recuses you from this proposal, for good.'),
    statement: trimmedText({ max: 2000 }).optional().describe('What the conflict is, or why there is none.'),
  })
  .strict();
export type DeclarationBody = z.output<typeof declarationSchema>;

const criterionScoreSchema = z
  .object({
    score: z.number().int().min(0).max(5).describe('0 (not at all) to 5 (fully).'),
    justification: trimmedText({ min: 1, max: 4000, message: 'must not be blank' }).describe('Why this score; required.'),
  })
  .strict();

export const scoresSchema = z
  .object({
    scores: z
      .object(Object.fromEntries(FUND_CRITERIA.map((c) => [c, criterionScoreSchema])) as Record<Criterion, typeof criterionScoreSchema>)
      .strict()
      .describe('A score with its justification for each of the four criteria.'),
  })
  .strict();
export type ScoresBody = z.output<typeof scoresSchema>;

export const assignmentListQuerySchema = pageQuerySchema.strict();

const criterionSchema = z.enum(FUND_CRITERIA);
const outputScoresSchema = z.record(criterionSchema, z.object({ score: z.number().int(), justification: z.string() }));
const timestamp = z.iso.datetime();

export const criteriaViewSchema = z.object({
  scale: z.object({ min: z.number(), max: z.number() }),
  weighting: z.string(),
  criteria: z.array(
    z.object({ criterion: criterionSchema, label: z.object({ en: z.string(), ru: z.string() }), weight: z.number().min(0) }),
  ),
});

export const reviewViewSchema = z.object({
  proposalId: z.string(),
  reviewerId: z.string(),
  assignedAt: timestamp,
  declaration: z.object({ hasConflict: z.boolean(), statement: z.string().optional(), declaredAt: timestamp }).nullable(),
  recusal: z.object({ reason: z.enum(RECUSAL_REASONS), organisationId: z.string().optional(), recordedAt: timestamp }).nullable(),
  canScore: z.boolean().describe('Declared and not recused.'),
  scores: outputScoresSchema.nullable(),
  weightedTotal: z.number().nullable().describe('Weighted mean of the scores, 0–5.'),
  scoredAt: timestamp.nullable(),
  scoreRevisions: z.number().int(),
});

export const scoredReviewViewSchema = reviewViewSchema.extend({ proposalStatus: z.enum(PROPOSAL_STATUSES) });

export const panelViewSchema = z.object({
  proposalId: z.string(),
  proposalRef: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  progress: z.object({
    assigned: z.number().int(),
    able: z.number().int().describe('Assigned and not recused.'),
    scored: z.number().int(),
    moreReviewersNeeded: z
      .number()
      .int()
      .describe('Reviewers still to assign before the proposal can be reviewed (at least 2 who can score).'),
    disagreement: z.boolean(),
    disputedCriteria: z.array(criterionSchema).describe('Criteria on which two reviewers differ by 2 or more.'),
    weightedScore: z.number().nullable().describe('Mean of the weighted totals of those who scored so far.'),
    reviewedAt: timestamp.nullable(),
  }),
  reviews: z.array(reviewViewSchema.extend({ assignedBy: z.string() })),
});

export const ownOrPanelViewSchema = z.union([panelViewSchema, reviewViewSchema]);

export const assignmentPageSchema = pageOf(
  z.object({
    proposalId: z.string(),
    proposalRef: z.string().nullable(),
    title: z.string().nullable(),
    organisationId: z.string().nullable(),
    implementingPartnerIds: z.array(z.string()),
    proposalStatus: z.enum(PROPOSAL_STATUSES).nullable(),
    assignedAt: timestamp,
    declared: z.boolean(),
    recusal: reviewViewSchema.shape.recusal,
    scored: z.boolean(),
  }),
);

export const formViewSchema = criteriaViewSchema.extend({
  proposalId: z.string(),
  proposalRef: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  organisationId: z.string(),
  submittedVersion: z.number().int(),
  content: z.looseObject({ title: z.string() }).describe('The proposal as it stands (its last submitted version).'),
  scores: outputScoresSchema.nullable(),
  weightedTotal: z.number().nullable(),
});
