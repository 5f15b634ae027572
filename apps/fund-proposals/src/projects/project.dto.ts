import { pageOf, pageQuerySchema, trimmedText } from '@ctip/http';
import { z } from 'zod';
import { REPORT_KINDS, TRANCHE_CONDITIONS } from './project.schema';

const THIS_CENTURY = /^20\d\d-/;
// A refinement, not a pattern: a pattern on top of the date format leaves a fuzzer too few values to try.
const isoDate = z.iso.date().refine((v) => THIS_CENTURY.test(v), 'must be a date in the years 2000–2099');
const personId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a directory person id');
const amount = z.number().int().min(0).max(1_000_000_000_00);

export const projectIdParamSchema = z
  .string()
  .regex(/^project-[A-Za-z0-9._-]{1,120}$/, 'must be a project id such as project-<proposal id>');
export const reportIdParamSchema = z
  .string()
  .regex(/^(interim|final)-(narrative|financial)-\d{1,2}$/, 'must be a report id such as interim-narrative-1');
export const changeIdParamSchema = z.string().regex(/^change-[A-Za-z0-9-]{1,60}$/, 'must be a change request id such as change-1');

export const listProjectsQuerySchema = pageQuerySchema.strict();

export const agreementSchema = z
  .object({
    reference: trimmedText({ min: 1, max: 100 }),
    signedOn: isoDate,
    signatoryIds: z
      .array(personId)
      .min(1)
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, 'lists a person twice'),
    period: z.object({ start: isoDate, end: isoDate }).strict(),
  })
  .strict()
  .refine((a) => a.period.end >= a.period.start, { path: ['period', 'end'], message: 'must not be before period.start' });
export type AgreementRequest = z.output<typeof agreementSchema>;

const trancheSchema = z
  .object({
    trancheId: z.string().min(1).max(60).optional(),
    amount,
    condition: z.enum(TRANCHE_CONDITIONS),
  })
  .strict();

export const tranchePlanSchema = z.object({ tranches: z.array(trancheSchema).min(1).max(20) }).strict();
export type TranchePlanRequest = z.output<typeof tranchePlanSchema>;

export const reportingScheduleSchema = z
  .object({
    reports: z
      .array(
        z
          .object({
            kind: z.enum(REPORT_KINDS),
            dueOn: z.iso.datetime({ offset: true }).refine((v) => THIS_CENTURY.test(v), 'must be a time in the years 2000–2099'),
          })
          .strict(),
      )
      .min(1)
      .max(20),
  })
  .strict();
export type ReportingScheduleRequest = z.output<typeof reportingScheduleSchema>;

export const noteSchema = z.object({ text: trimmedText({ min: 1, max: 5000 }) }).strict();

export const reportSubmissionSchema = z
  .object({
    title: trimmedText({ min: 1, max: 200 }),
    link: z
      .string()
      .max(2000)
      .regex(/^https:\/\/[^\s/?#]+[^\s]*$/, 'must be an https URL')
      .describe('Where the report is kept (the Fund stores no files).'),
  })
  .strict();
export type ReportSubmissionRequest = z.output<typeof reportSubmissionSchema>;

const reason = trimmedText({ min: 1, max: 2000 });

/** A reason is part of the schema where it is required: to ask for changes or to waive. */
export const reportDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept'), reason: reason.optional() }).strict(),
  z.object({ decision: z.literal('request-changes'), reason: reason.describe('What to change (shown to the applicant).') }).strict(),
  z.object({ decision: z.literal('waive'), reason }).strict(),
]);
export type ReportDecisionRequest = z.output<typeof reportDecisionSchema>;

export const changeRequestSchema = z.object({ newAmount: amount.min(1), reason }).strict();
export type ChangeRequestRequest = z.output<typeof changeRequestSchema>;

export const changePreparationSchema = tranchePlanSchema;

export const changeDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), reason: reason.optional() }).strict(),
  z.object({ decision: z.literal('reject'), reason }).strict(),
]);
export type ChangeDecisionRequest = z.output<typeof changeDecisionSchema>;

export const evaluationSchema = z
  .object({
    rating: z.number().int().min(1).max(5).describe('Outcome rating: 1 (not achieved) to 5 (fully achieved).'),
    lessonsLearned: trimmedText({ min: 1, max: 10_000 }),
  })
  .strict();
export type EvaluationRequest = z.output<typeof evaluationSchema>;

const at = z.iso.datetime({ offset: true });
const trancheViewSchema = z.object({
  trancheId: z.string(),
  amount: z.number().int(),
  condition: z.enum(TRANCHE_CONDITIONS),
  state: z.enum(['planned', 'released']),
  releasedBy: z.string().optional(),
  releasedAt: at.optional(),
});
const reviewViewSchema = z.object({
  decision: z.enum(['accept', 'request-changes', 'waive']),
  reason: z.string().optional(),
  by: z.string(),
  at,
});

/** A project as the API answers it; `notes` only for the Fund's own roles. */
export const projectViewSchema = z.object({
  projectId: z.string(),
  proposalId: z.string(),
  proposalRef: z.string(),
  title: z.string(),
  organisationId: z.string(),
  countries: z.array(z.string()),
  submittedBy: z.string().optional(),
  cycleId: z.string(),
  lane: z.enum(['quarterly', 'urgent']),
  currency: z.string(),
  approvedAmount: z.number().int().describe('Minor units of `currency`; changed only by an approved change request.'),
  status: z.enum(['active', 'closed']),
  approvedAt: at,
  agreement: z
    .object({
      reference: z.string(),
      signedOn: z.string(),
      signatories: z.array(z.object({ personId: z.string() })),
      amount: z.number().int(),
      currency: z.string(),
      period: z.object({ start: z.string(), end: z.string() }),
      recordedBy: z.string(),
      recordedAt: at,
    })
    .optional(),
  tranches: z.array(trancheViewSchema),
  reports: z.array(
    z.object({
      reportId: z.string(),
      kind: z.enum(REPORT_KINDS),
      dueOn: z.string(),
      state: z.enum(['pending', 'submitted', 'changes-requested', 'accepted', 'waived']),
      submissions: z.array(z.object({ title: z.string(), link: z.string(), submittedBy: z.string(), submittedAt: at })),
      review: reviewViewSchema.optional(),
      remindersSent: z.number().int(),
    }),
  ),
  changeRequests: z.array(
    z.object({
      changeId: z.string(),
      previousAmount: z.number().int(),
      newAmount: z.number().int(),
      reason: z.string(),
      requestedBy: z.string(),
      requestedAt: at,
      state: z.enum(['requested', 'prepared', 'approved', 'rejected']),
      tranches: z.array(trancheViewSchema).optional(),
      preparedBy: z.string().optional(),
      preparedAt: at.optional(),
      decidedBy: z.string().optional(),
      decidedAt: at.optional(),
      decisionReason: z.string().optional(),
    }),
  ),
  evaluation: z.object({ rating: z.number().int(), lessonsLearned: z.string(), recordedBy: z.string(), recordedAt: at }).optional(),
  notes: z.array(z.object({ noteId: z.string(), authorId: z.string(), text: z.string(), at })).optional(),
  closedBy: z.string().optional(),
  closedAt: at.optional(),
  createdAt: at,
  updatedAt: at,
});
export const projectPageSchema = pageOf(projectViewSchema);
