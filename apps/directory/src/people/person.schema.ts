import type { DirectoryPersonChanged } from '@ctip/contracts';
import { addOutbox } from '@ctip/outbox';
import { aggregateSchemaOptions, type RevisionedRecord } from '@ctip/persistence';
import { Schema } from 'mongoose';

export const PERSON_MODEL = 'Person';

/** Everything the event carries except the id (stored as `_id`). */
export type PersonState = Omit<DirectoryPersonChanged, 'personId' | 'revision'>;
export type PersonRecord = PersonState & RevisionedRecord;

const contactPointSchema = new Schema(
  {
    contactPointId: { type: String, required: true },
    channel: { type: String, required: true },
    address: { type: String, required: true },
    verified: { type: Boolean, required: true },
    priority: { type: Number, required: true },
  },
  { _id: false },
);

export const personSchema = new Schema(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true },
    displayName: { type: String, required: true },
    roles: { type: [String], default: [] },
    // Absent on people stored before audiences existed (and on those who belong to none).
    audiences: { type: [String], default: undefined },
    languages: { type: [String], default: [] },
    timeZone: { type: String, required: true },
    contactPoints: { type: [contactPointSchema], default: [] },
    active: { type: Boolean, required: true },
    demo: { type: Boolean, required: true },
    revision: { type: Number, required: true },
  },
  { ...aggregateSchemaOptions, collection: 'people' },
);
addOutbox(personSchema);

// Serves GET /people?organisationId=… paged by id, and the roster check that people belong to a presence.
personSchema.index({ organisationId: 1, _id: 1 });
// Serves GET /people?role=…, paged by id.
personSchema.index({ roles: 1, _id: 1 });
