import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { fundRecipientsSchema, proposalFactsSchema } from '../fund.schema';

export const FUND_REMINDERS = ['revision-pending', 'report-due', 'report-overdue'] as const;

/**
 * Something is owed to the Fund: a revision the applicant has not sent (`revision-pending`), a project
 * report coming due (`report-due`) or past due (`report-overdue`, repeated until it arrives or is waived).
 * `dueOn` is the date it is owed by; `sequence` counts reminders of one obligation.
 */
export const fundReminderDueSchema = z.object({
  ...proposalFactsSchema.shape,
  reminder: z.enum(FUND_REMINDERS),
  obligationId: z.string().min(1),
  report: z.enum(['interim-narrative', 'interim-financial', 'final-narrative', 'final-financial']).optional(),
  dueOn: z.iso.datetime({ offset: true }),
  sequence: z.number().int().min(1),
  recipients: fundRecipientsSchema,
  remindedAt: z.iso.datetime({ offset: true }),
});
export type FundReminderDue = z.infer<typeof fundReminderDueSchema>;

export const fundReminderDue = defineEvent('fund.reminder.due.v1', fundReminderDueSchema, {
  description: 'A fund reminder fell due: a pending revision, a report coming due, or an overdue report (repeated).',
  keyField: 'proposalId',
});
