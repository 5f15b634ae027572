import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { Schema } from 'mongoose';
import type { TrainingAudience } from '../events/training-event.schema';

export const EXTERNAL_PARTICIPANT_MODEL = 'ExternalParticipant';

/**
 * A participant who is not in the directory (a prosecutor nominated by a ministry). Name, email and phone
 * are personal data: they leave this service only sealed (`notification.contact-point.sealed.v1`, from
 * this document's outbox, before any notice naming the person), never in a log, job or other event, and
 * are removed on erasure while organisation, country and audience stay for the event's statistics.
 */
export interface ExternalParticipantDocument extends WithOutbox {
  /** `ext-<uuid>`: the recipient id notices name them by. */
  _id: string;
  /** The event they were registered for. */
  eventId: string;
  displayName?: string;
  email?: string;
  /** E.164. */
  phone?: string;
  /** Their organisation as they name it (it need not be in the directory). */
  organisation: string;
  /** The directory organisation that nominated them, if any. */
  organisationId?: string;
  role: string;
  language: string;
  timeZone: string;
  country?: string;
  audiences: TrainingAudience[];
  /** Grows with every change of the sealed details (the contact-point route ignores older ones). */
  revision: number;
  erasedAt?: Date;
  registeredBy: string;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const externalParticipantSchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    displayName: { type: String },
    email: { type: String },
    phone: { type: String },
    organisation: { type: String, required: true },
    organisationId: { type: String },
    role: { type: String, required: true },
    language: { type: String, required: true },
    timeZone: { type: String, required: true },
    country: { type: String },
    audiences: { type: [String], default: [] },
    revision: { type: Number, required: true, default: 1 },
    erasedAt: { type: Date },
    registeredBy: { type: String, required: true },
    demo: { type: Boolean, required: true, default: false },
  },
  { timestamps: true, versionKey: false, minimize: false, collection: 'external_participants' },
);
addOutbox(externalParticipantSchema);
