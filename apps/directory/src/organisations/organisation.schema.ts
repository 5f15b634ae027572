import type { DirectoryOrganisationChanged } from '@ctip/contracts';
import { addOutbox } from '@ctip/outbox';
import { aggregateSchemaOptions, type RevisionedRecord } from '@ctip/persistence';
import { Schema } from 'mongoose';

export const ORGANISATION_MODEL = 'Organisation';

/** Everything the event carries except the id (stored as `_id`). */
export type OrganisationState = Omit<DirectoryOrganisationChanged, 'organisationId' | 'revision'>;
export type OrganisationRecord = OrganisationState & RevisionedRecord;

export const organisationSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    partnerType: { type: String },
    name: { type: String, required: true },
    country: { type: String },
    countriesCovered: { type: [String], default: [] },
    regions: { type: [String], default: [] },
    services: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    timeZone: { type: String, required: true },
    active: { type: Boolean, required: true },
    demo: { type: Boolean, required: true },
    revision: { type: Number, required: true },
  },
  { ...aggregateSchemaOptions, collection: 'organisations' },
);
addOutbox(organisationSchema);

// Serves GET /organisations?kind=…, paged by id.
organisationSchema.index({ kind: 1, _id: 1 });
// Serves GET /organisations?country=… (countriesCovered always includes the home country), paged by id.
organisationSchema.index({ countriesCovered: 1, _id: 1 });
// Serves GET /organisations?service=… (partners offering a service), paged by id.
organisationSchema.index({ services: 1, _id: 1 });
