import { pageOf, pageQuerySchema } from '@ctip/http';
import { z } from 'zod';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { REGISTRATION_STATES, type RegistrationDocument } from './registration.schema';
import { waitlistPosition } from './seat-ledger';

export const registrationViewSchema = z.object({
  registrationId: z.string(),
  eventId: z.string(),
  participantId: z.string().describe('A directory person id, or ext-<uuid> for an external participant.'),
  external: z.boolean(),
  state: z.enum(REGISTRATION_STATES),
  waitlistPosition: z.number().int().min(1).optional().describe('1 = the next to be offered a seat.'),
  offer: z.object({ offerId: z.string(), confirmBy: z.string() }).optional(),
  source: z.object({ kind: z.enum(['invitation', 'nomination', 'external']), id: z.string() }),
  participant: z.object({
    language: z.string(),
    timeZone: z.string(),
    organisationId: z.string().optional(),
    country: z.string().optional(),
    audiences: z.array(z.string()),
  }),
  respondedAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RegistrationView = z.infer<typeof registrationViewSchema>;
export const registrationPageSchema = pageOf(registrationViewSchema);

export const registrationListQuerySchema = pageQuerySchema.extend({ state: z.enum(REGISTRATION_STATES).optional() }).strict();
export type RegistrationListQuery = z.output<typeof registrationListQuerySchema>;

/** A registration as its participant or the organiser sees it; the waitlist place is read from the event's ledger. */
export function registrationView(registration: RegistrationDocument, event?: Pick<TrainingEventDocument, 'seats'>): RegistrationView {
  const position =
    registration.state === 'waitlisted'
      ? event
        ? waitlistPosition(event.seats, registration.participantId)
        : registration.waitlistPosition
      : undefined;
  return {
    registrationId: registration._id,
    eventId: registration.eventId,
    participantId: registration.participantId,
    external: registration.external,
    state: registration.state,
    ...(position !== undefined ? { waitlistPosition: position } : {}),
    ...(registration.offer && registration.state === 'offered'
      ? { offer: { offerId: registration.offer.offerId, confirmBy: new Date(registration.offer.confirmBy).toISOString() } }
      : {}),
    source: registration.source,
    participant: registration.participant,
    ...(registration.respondedAt ? { respondedAt: new Date(registration.respondedAt).toISOString() } : {}),
    createdAt: new Date(registration.createdAt).toISOString(),
    updatedAt: new Date(registration.updatedAt).toISOString(),
  };
}
