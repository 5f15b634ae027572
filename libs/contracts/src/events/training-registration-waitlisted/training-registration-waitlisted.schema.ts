import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** The event was full when the participant accepted: they wait at `position`. */
export const trainingRegistrationWaitlistedSchema = z.object({
  ...trainingEventFactsSchema.shape,
  registrationId: z.string().min(1),
  /** 1 = next to be offered a seat. */
  position: z.number().int().min(1),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingRegistrationWaitlisted = z.infer<typeof trainingRegistrationWaitlistedSchema>;

export const trainingRegistrationWaitlisted = defineEvent('training.registration.waitlisted.v1', trainingRegistrationWaitlistedSchema, {
  description: 'A participant accepted but the event is full: they are on the waitlist at `position`.',
  keyField: 'eventId',
});
