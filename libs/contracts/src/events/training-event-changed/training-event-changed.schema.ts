import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** The time, venue or agenda changed: a new version, with what changed. */
export const trainingEventChangedSchema = z.object({
  ...trainingEventFactsSchema.shape,
  changes: z.array(z.enum(['time', 'venue', 'agenda'])).min(1),
  /** The previous start and end, when the time changed. */
  previous: z.object({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }) }).optional(),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingEventChanged = z.infer<typeof trainingEventChangedSchema>;

export const trainingEventChanged = defineEvent('training.event.changed.v1', trainingEventChangedSchema, {
  description: 'The time, venue or agenda of an event changed (a new version); sent to everyone invited or registered.',
  keyField: 'eventId',
});
