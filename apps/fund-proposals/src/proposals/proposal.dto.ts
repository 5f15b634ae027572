import { countryCodeSchema, FUND_ACTIVITY_TYPES, FUND_CRITERIA } from '@ctip/contracts';
import { pageQuerySchema, trimmedText } from '@ctip/http';
import { z } from 'zod';
import { PROPOSAL_STATUSES } from './proposal-status';

const text = (max: number) => trimmedText({ min: 1, max, message: 'must not be empty' });
const minor = z.number().int('must be whole minor units (cents)').min(0);
const unique = <T>(list: T[]) => new Set(list).size === list.length;

const budgetLineSchema = z
  .object({ category: text(100), description: text(500), amount: minor.min(1, 'must be at least 1 minor unit') })
  .strict();

const budgetSchema = z
  .object({
    /** ISO 4217; the fund's currency when left out (a budget in another currency is refused with 422). */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code')
      .optional(),
    lines: z.array(budgetLineSchema).min(1, 'name at least one budget line').max(100),
    coFunding: minor.default(0),
    amountRequested: minor.min(1, 'must be at least 1 minor unit'),
  })
  .strict();

const expectedResultSchema = z
  .object({
    result: text(1_000),
    indicators: z
      .array(z.object({ indicator: text(500) }).strict())
      .min(1, 'name at least one indicator')
      .max(20),
  })
  .strict();

/** The applicant's statement against each of the four preference criteria (FUND_CRITERIA). */
const criteriaStatementsSchema = z
  .object({
    impact: text(3_000),
    'national-partners': text(3_000),
    'state-ngo-cooperation': text(3_000),
    'regional-networking': text(3_000),
  })
  .strict() satisfies z.ZodType<Record<(typeof FUND_CRITERIA)[number], string>>;

const contentFields = z.object({
  title: text(300),
  summary: text(5_000),
  language: z.enum(['en', 'ru']),
  countries: z.array(countryCodeSchema).min(1, 'name at least one country').max(57).refine(unique, 'lists a country twice'),
  implementingPartnerIds: z.array(z.string().min(1).max(100)).max(50).refine(unique, 'lists a partner twice').default([]),
  activityTypes: z.array(z.enum(FUND_ACTIVITY_TYPES)).min(1, 'name at least one activity type').refine(unique, 'lists a type twice'),
  targetGroups: z.array(text(200)).min(1, 'name at least one target group').max(20),
  plannedStart: z.iso.date('must be a date (YYYY-MM-DD)'),
  plannedEnd: z.iso.date('must be a date (YYYY-MM-DD)'),
  budget: budgetSchema,
  expectedResults: z.array(expectedResultSchema).min(1, 'name at least one expected result').max(30),
  criteriaStatements: criteriaStatementsSchema,
});

type ContentFields = z.output<typeof contentFields>;

/**
 * The rules between fields: the project ends after it starts; co-funding does not exceed the budget; the
 * amount requested is at most the budget's total less the co-funding (the Fund pays no more than what is
 * left to pay).
 */
export function contentRules(content: ContentFields, ctx: z.RefinementCtx): void {
  if (content.plannedEnd <= content.plannedStart)
    ctx.addIssue({ code: 'custom', path: ['plannedEnd'], message: 'must be after plannedStart' });
  const total = content.budget.lines.reduce((sum, line) => sum + line.amount, 0);
  if (content.budget.coFunding > total)
    ctx.addIssue({ code: 'custom', path: ['budget', 'coFunding'], message: `must not exceed the budget lines' total (${total})` });
  else if (content.budget.amountRequested > total - content.budget.coFunding)
    ctx.addIssue({
      code: 'custom',
      path: ['budget', 'amountRequested'],
      message: `must not exceed the budget lines' total less co-funding (${total - content.budget.coFunding})`,
    });
}

export const proposalContentSchema = contentFields.strict().superRefine(contentRules);
export type ProposalContentInput = z.output<typeof proposalContentSchema>;

export const updateProposalSchema = contentFields
  .extend({ revision: z.number().int().min(1).describe('The revision you read; a stale one answers 409.') })
  .strict()
  .superRefine(contentRules);
export type UpdateProposal = z.output<typeof updateProposalSchema>;

/** The parts of a proposal a consultation comment or revision point is about. */
export const PROPOSAL_SECTIONS = [
  'general',
  'title',
  'summary',
  'countries',
  'implementing-partners',
  'activity-types',
  'target-groups',
  'period',
  'budget',
  'expected-results',
  'criteria-statements',
] as const;

export const commentSchema = z
  .object({
    section: z.enum(PROPOSAL_SECTIONS),
    text: text(5_000),
    /** An internal comment is for ODIHR only: the applicant never sees it. */
    internal: z.boolean().default(false),
  })
  .strict();
export type CommentRequest = z.output<typeof commentSchema>;

export const revisionRequestSchema = z
  .object({
    points: z
      .array(z.object({ section: z.enum(PROPOSAL_SECTIONS), text: text(2_000) }).strict())
      .min(1, 'name at least one point to address')
      .max(50),
  })
  .strict();
export type RevisionRequest = z.output<typeof revisionRequestSchema>;

export const screeningSchema = z
  .object({
    /** The officer's judgement: does the project address trafficking in human beings? */
    antiTraffickingPurpose: z.boolean(),
    note: text(2_000).optional(),
  })
  .strict();
export type ScreeningRequest = z.output<typeof screeningSchema>;

export const proposalListQuerySchema = pageQuerySchema
  .extend({
    status: z.enum(PROPOSAL_STATUSES).optional().describe('Only proposals in this state, e.g. `submitted` (waiting for screening).'),
  })
  .strict();
export type ProposalListQuery = z.output<typeof proposalListQuerySchema>;

export const versionListQuerySchema = pageQuerySchema.strict();

export const proposalIdParamSchema = z.string().min(1).max(100).describe('The proposal id returned when the draft was created.');
export const versionNumberParamSchema = z.coerce.number().int().min(1).max(10_000).describe('A version number, from 1.');

export const compareQuerySchema = z
  .object({ from: z.coerce.number().int().min(1).max(10_000), to: z.coerce.number().int().min(1).max(10_000) })
  .strict()
  .refine((q) => q.from !== q.to, { path: ['to'], message: 'must differ from from' });
export type CompareQuery = z.output<typeof compareQuerySchema>;
