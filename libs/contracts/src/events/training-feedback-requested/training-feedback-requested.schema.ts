import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** The event ended; participants are asked for feedback, each answers once. */
export const trainingFeedbackRequestedSchema = z.object({
  ...trainingEventFactsSchema.shape,
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingFeedbackRequested = z.infer<typeof trainingFeedbackRequestedSchema>;

export const trainingFeedbackRequested = defineEvent('training.feedback.requested.v1', trainingFeedbackRequestedSchema, {
  description: 'The event ended: its participants are asked for feedback (once each).',
  keyField: 'eventId',
});
