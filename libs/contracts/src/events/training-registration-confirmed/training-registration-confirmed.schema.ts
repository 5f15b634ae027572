import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** A participant holds a seat (an accepted invitation, a confirmed offer or an approved nomination). */
export const trainingRegistrationConfirmedSchema = z.object({
  ...trainingEventFactsSchema.shape,
  registrationId: z.string().min(1),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingRegistrationConfirmed = z.infer<typeof trainingRegistrationConfirmedSchema>;

export const trainingRegistrationConfirmed = defineEvent('training.registration.confirmed.v1', trainingRegistrationConfirmedSchema, {
  description: 'A participant holds a seat: accepted an invitation within capacity, confirmed an offered seat, or was approved as nominee.',
  keyField: 'eventId',
});
