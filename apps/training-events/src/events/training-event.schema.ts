import type { LocalizedText, TRAINING_AUDIENCES, TRAINING_EVENT_KINDS } from '@ctip/contracts';
import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { Schema } from 'mongoose';
import type { ReminderRule } from '../reminders/reminder-rule';

export const TRAINING_EVENT_MODEL = 'TrainingEvent';

export type TrainingEventKind = (typeof TRAINING_EVENT_KINDS)[number];
export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];
export type TrainingEventState = 'scheduled' | 'cancelled';

/** Where an in-person event takes place; its time zone is the one of its calendar entry. */
export interface EventVenue {
  name?: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  timeZone: string;
}

export interface EventSession {
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
  title: LocalizedText;
  room?: string;
  /** Directory person ids; a trainer trained at a training-of-trainers makes the event part of its cascade. */
  trainerIds: string[];
  /** Guest speakers by name (not in the directory). */
  speakers?: string[];
  workingGroup?: string;
}

export interface EventMaterial {
  title: string;
  /** https only. */
  url: string;
}

/** A seat held for the first waitlisted participant until `confirmBy`; one offer per free seat. */
export interface SeatOffer {
  participantId: string;
  offerId: string;
  confirmBy: Date;
}

/**
 * The seat ledger: who holds a seat, who waits in which order, who has an offer. Kept on the event
 * document so that every seat decision is one revision-guarded single-document write (no transactions
 * on the test database): two concurrent withdrawals can never offer the same seat twice.
 */
export interface SeatLedger {
  confirmed: string[];
  /** Participant ids in waitlist order (first = next to be offered). */
  waitlist: string[];
  offers: SeatOffer[];
}

/** What an institution was asked to nominate; a nomination counts against both quotas until rejected. */
export interface NominationRequest {
  nominationRequestId: string;
  organisationId: string;
  /** The institution's country (directory), for the per-country quota. */
  country?: string;
  quota: number;
  /** Shared by every institution of that country for this event. */
  countryQuota?: number;
  nominateBy?: Date;
  requestedAt: Date;
}

export interface Nomination {
  nominationId: string;
  participantId: string;
  organisationId: string;
  country?: string;
  state: 'pending' | 'approved' | 'rejected';
  nominatedBy: string;
  nominatedAt: Date;
  decidedBy?: string;
  decidedAt?: Date;
}

/**
 * A training, training-of-trainers, meeting, roundtable or conference: one aggregate document with its
 * content, seat ledger, nominations and outbox, changed only through `TrainingEventRepository.modify`
 * (read, decide, write guarded by `revision`). Registrations live in `training_registrations`, keyed
 * `<eventId>:<participantId>` so that an event's registrations are an `_id` range.
 */
export interface TrainingEventDocument extends WithOutbox {
  _id: string;
  kind: TrainingEventKind;
  title: LocalizedText;
  description?: LocalizedText;
  /** The organising organisation (directory). */
  organisationId: string;
  /** Absent for an online event. */
  venue?: EventVenue;
  online: boolean;
  /** The venue's time zone, or the organiser's for an online event. */
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  workingLanguages: string[];
  /** Interpretation offered between working languages, e.g. `en-ru`. */
  interpretation: { from: string; to: string }[];
  sessions: EventSession[];
  materials: EventMaterial[];
  audiences: TrainingAudience[];
  capacity: number;
  registrationDeadline?: Date;
  /** The training-of-trainers this event cascades from (its trainers were trained there). */
  cascadeFromEventId?: string;
  /** When each participant is reminded; absent on events stored before the setting existed (the defaults). */
  reminders?: ReminderRule[];
  /** The share of kept sessions a certificate (and a cascade trainer) needs; absent = the default. */
  attendanceThreshold?: number;
  state: TrainingEventState;
  cancelledAt?: Date;
  /** 1 when created, +1 for every change of time, venue or agenda (the calendar SEQUENCE is version − 1). */
  version: number;
  /** +1 with every write of the document; a PUT must send the one it read. */
  revision: number;
  seats: SeatLedger;
  nominationRequests: NominationRequest[];
  nominations: Nomination[];
  /** Invitation batches already sent (ids), so a retried invitation sends nothing twice. */
  invitationIds: string[];
  demo: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Nested state is Mixed and written whole through revision-guarded updates, like the fund's proposal. */
export const trainingEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: Schema.Types.Mixed, required: true },
    description: { type: Schema.Types.Mixed },
    organisationId: { type: String, required: true },
    venue: { type: Schema.Types.Mixed },
    online: { type: Boolean, required: true },
    timeZone: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    workingLanguages: { type: [String], default: [] },
    interpretation: { type: Schema.Types.Mixed, default: () => [] },
    sessions: { type: Schema.Types.Mixed, default: () => [] },
    materials: { type: Schema.Types.Mixed, default: () => [] },
    audiences: { type: [String], default: [] },
    capacity: { type: Number, required: true },
    registrationDeadline: { type: Date },
    cascadeFromEventId: { type: String },
    reminders: { type: Schema.Types.Mixed },
    attendanceThreshold: { type: Number },
    state: { type: String, required: true, default: 'scheduled' },
    cancelledAt: { type: Date },
    version: { type: Number, required: true, default: 1 },
    revision: { type: Number, required: true, default: 1 },
    seats: { type: Schema.Types.Mixed, default: () => ({ confirmed: [], waitlist: [], offers: [] }) },
    nominationRequests: { type: Schema.Types.Mixed, default: () => [] },
    nominations: { type: Schema.Types.Mixed, default: () => [] },
    invitationIds: { type: [String], default: [] },
    demo: { type: Boolean, required: true, default: false },
    createdBy: { type: String, required: true },
  },
  // `version` is the event's own change counter, so mongoose's version key is off; writes guard on `revision`.
  { timestamps: true, versionKey: false, minimize: false, collection: 'training_events' },
);
addOutbox(trainingEventSchema);
// Serves the organiser's list of their organisation's events, newest first.
trainingEventSchema.index({ organisationId: 1, startsAt: -1, _id: -1 });
// Serves the coordinator's list of all events, newest first.
trainingEventSchema.index({ startsAt: -1, _id: -1 });
