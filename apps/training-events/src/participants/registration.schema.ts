import { Schema } from 'mongoose';
import type { TrainingAudience } from '../events/training-event.schema';

export const REGISTRATION_MODEL = 'TrainingRegistration';

export const REGISTRATION_STATES = ['invited', 'confirmed', 'waitlisted', 'offered', 'declined', 'withdrawn', 'rejected'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

/** Everyone a notice about the event goes to: who is invited or holds, awaits or is offered a seat. */
export const NOTIFIED_STATES: readonly RegistrationState[] = ['invited', 'confirmed', 'waitlisted', 'offered'];

/**
 * The participant as the event needs them for reminders and statistics, copied when registered:
 * language, time zone, organisation, country, audiences. Never a name or a contact detail.
 */
export interface ParticipantSnapshot {
  language: string;
  timeZone: string;
  organisationId?: string;
  country?: string;
  audiences: TrainingAudience[];
}

/**
 * One participant of one event. `_id` is `<eventId>:<participantId>`, so an event's registrations are the
 * `_id` range `<eventId>:` … `<eventId>;` (the one index every MongoDB-compatible store answers from).
 * The seat ledger on the event document decides confirmed/waitlisted/offered; this document follows it
 * right after each decision (a retried request brings a lagging one up to date).
 */
export interface RegistrationDocument {
  _id: string;
  eventId: string;
  /** A directory person id, or `ext-<uuid>` for an external participant. */
  participantId: string;
  external: boolean;
  state: RegistrationState;
  /** How they came: an invitation batch, a nomination, or registered as external participant. */
  source: { kind: 'invitation' | 'nomination' | 'external'; id: string };
  /** When they joined the waitlist: its order (the ledger holds the order itself). */
  waitlistedAt?: Date;
  waitlistPosition?: number;
  offer?: { offerId: string; confirmBy: Date };
  participant: ParticipantSnapshot;
  respondedAt?: Date;
  /** The event revision whose ledger this document last followed: an older sync never overwrites a newer one. */
  ledgerRevision?: number;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export function registrationId(eventId: string, participantId: string): string {
  return `${eventId}:${participantId}`;
}

/** The `_id` range of one event's registrations (`;` follows `:`). */
export function registrationRange(eventId: string): { $gte: string; $lt: string } {
  return { $gte: `${eventId}:`, $lt: `${eventId};` };
}

export const registrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    participantId: { type: String, required: true },
    external: { type: Boolean, required: true },
    state: { type: String, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    waitlistedAt: { type: Date },
    waitlistPosition: { type: Number },
    offer: { type: Schema.Types.Mixed },
    participant: { type: Schema.Types.Mixed, required: true },
    respondedAt: { type: Date },
    ledgerRevision: { type: Number },
    revision: { type: Number, required: true, default: 1 },
  },
  { timestamps: true, versionKey: false, minimize: false, collection: 'training_registrations' },
);
// Serves a participant's own registrations ("my events"), per request.
registrationSchema.index({ participantId: 1, eventId: 1 });
