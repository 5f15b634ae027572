import type { DirectoryRosterChanged } from '@ctip/contracts';
import { addOutbox } from '@ctip/outbox';
import { aggregateSchemaOptions, type RevisionedRecord } from '@ctip/persistence';
import { Schema } from 'mongoose';

export const ROSTER_MODEL = 'Roster';

/** Everything the event carries except the presence id (the roster's `_id`). */
export type RosterState = Omit<DirectoryRosterChanged, 'organisationId' | 'revision'>;
/** `members` is derived from the state (everyone named) and kept only for the index below. */
export type RosterRecord = RosterState & RevisionedRecord & { members: string[] };

const absenceSchema = new Schema(
  {
    personId: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    coveredBy: { type: String },
  },
  { _id: false },
);

export const rosterSchema = new Schema(
  {
    _id: { type: String, required: true },
    primaryFocalPointId: { type: String, required: true },
    backupIds: { type: [String], default: [] },
    headOfMissionId: { type: String },
    absences: { type: [absenceSchema], default: [] },
    members: { type: [String], default: [] },
    revision: { type: Number, required: true },
  },
  { ...aggregateSchemaOptions, collection: 'rosters' },
);
addOutbox(rosterSchema);

// Serves "which rosters name this person?", asked before a person is moved or deactivated.
rosterSchema.index({ members: 1 });
