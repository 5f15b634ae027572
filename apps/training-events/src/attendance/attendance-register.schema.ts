import { Schema } from 'mongoose';
import type { AttendanceStatus } from './attendance-rate';

export const ATTENDANCE_REGISTER_MODEL = 'TrainingAttendanceRegister';

/**
 * One session's register as the organiser kept it. `_id` is `<eventId>/<sessionId>`, so an event's
 * registers are read by `_id` from its agenda's session ids. Entries are a flat list (participant ids may
 * hold characters a field name cannot).
 */
export interface AttendanceRegisterDocument {
  _id: string;
  eventId: string;
  sessionId: string;
  entries: { participantId: string; status: AttendanceStatus }[];
  recordedBy: string;
  recordedAt: Date;
}

export const registerIdOf = (eventId: string, sessionId: string) => `${eventId}/${sessionId}`;

export const attendanceRegisterSchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    sessionId: { type: String, required: true },
    entries: { type: [{ _id: false, participantId: String, status: String }], default: [] },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'training_attendance', versionKey: false },
);
