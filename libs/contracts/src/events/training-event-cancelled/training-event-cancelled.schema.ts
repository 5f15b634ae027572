import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** The event was cancelled. `urgent`: within 48 h of its start. */
export const trainingEventCancelledSchema = z.object({
  ...trainingEventFactsSchema.shape,
  /** Cancelled within 48 hours of the start: also by SMS where the person has a phone. */
  urgent: z.boolean(),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingEventCancelled = z.infer<typeof trainingEventCancelledSchema>;

export const trainingEventCancelled = defineEvent('training.event.cancelled.v1', trainingEventCancelledSchema, {
  description: 'An event was cancelled (a state, not a delete); `urgent` when within 48 hours of its start.',
  keyField: 'eventId',
});
