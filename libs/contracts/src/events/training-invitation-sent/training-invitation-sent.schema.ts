import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** People were invited to an event. `invitationId` names the batch: one event per batch. */
export const trainingInvitationSentSchema = z.object({
  ...trainingEventFactsSchema.shape,
  /** Invitations are answered by this time (absent: until the start). */
  registrationDeadline: z.iso.datetime({ offset: true }).optional(),
  invitationId: z.string().min(1),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingInvitationSent = z.infer<typeof trainingInvitationSentSchema>;

export const trainingInvitationSent = defineEvent('training.invitation.sent.v1', trainingInvitationSentSchema, {
  description: 'People were invited to an event (by audience, role, organisation, country or by id); once per invitation batch.',
  keyField: 'eventId',
});
