import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** An institution (a field presence, a partner) is asked to nominate participants, with its quota. */
export const trainingNominationRequestedSchema = z.object({
  ...trainingEventFactsSchema.shape,
  nominationRequestId: z.string().min(1),
  /** The institution asked to nominate. */
  nominatingOrganisationId: z.string().min(1),
  /** How many it may nominate (the smaller of its own and its country's quota). */
  quota: z.number().int().min(1),
  nominateBy: z.iso.datetime({ offset: true }).optional(),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingNominationRequested = z.infer<typeof trainingNominationRequestedSchema>;

export const trainingNominationRequested = defineEvent('training.nomination.requested.v1', trainingNominationRequestedSchema, {
  description: 'An institution is asked to nominate participants, within its quota; sent to its focal points.',
  keyField: 'eventId',
});
