import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** A reminder fell due for one participant, at its time in the participant's own time zone. */
export const trainingReminderDueSchema = z.object({
  ...trainingEventFactsSchema.shape,
  registrationId: z.string().min(1),
  reminderId: z.string().min(1),
  /** Whole days until the start, as the participant counts them (0 = today). */
  daysBefore: z.number().int().min(0),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingReminderDue = z.infer<typeof trainingReminderDueSchema>;

export const trainingReminderDue = defineEvent('training.reminder.due.v1', trainingReminderDueSchema, {
  description:
    'A reminder of one participant fell due (by default 7 days and 1 day before the start, in their time zone); once per reminder and event version.',
  keyField: 'eventId',
});
