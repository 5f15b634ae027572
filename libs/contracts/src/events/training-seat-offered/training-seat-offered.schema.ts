import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** A seat freed and is offered to the first on the waitlist, until `confirmBy`. */
export const trainingSeatOfferedSchema = z.object({
  ...trainingEventFactsSchema.shape,
  registrationId: z.string().min(1),
  offerId: z.string().min(1),
  confirmBy: z.iso.datetime({ offset: true }),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingSeatOffered = z.infer<typeof trainingSeatOfferedSchema>;

export const trainingSeatOffered = defineEvent('training.seat.offered.v1', trainingSeatOfferedSchema, {
  description: 'A seat freed and is offered to the first waitlisted participant until `confirmBy`; exactly one offer per free seat.',
  keyField: 'eventId',
});
