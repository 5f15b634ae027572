import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { TrainingEventDocument } from '../events/training-event.schema';
import type { SessionRegister } from './attendance-rate';
import { ATTENDANCE_REGISTER_MODEL, registerIdOf, type AttendanceRegisterDocument } from './attendance-register.schema';

@Injectable()
export class AttendanceRegisterRepository {
  constructor(@InjectModel(ATTENDANCE_REGISTER_MODEL) private readonly registers: Model<AttendanceRegisterDocument>) {}

  /** Replaces the session's register (PUT): one single-document write. */
  async replace(register: AttendanceRegisterDocument): Promise<void> {
    await this.registers.replaceOne({ _id: register._id }, register, { upsert: true }).exec();
  }

  /** The kept registers of the event's sessions, by `_id`. */
  async ofEvent(event: Pick<TrainingEventDocument, '_id' | 'sessions'>): Promise<SessionRegister[]> {
    const ids = event.sessions.map((s) => registerIdOf(event._id, s.sessionId));
    if (ids.length === 0) return [];
    const docs = await this.registers
      .find({ _id: { $in: ids } })
      .lean<AttendanceRegisterDocument[]>()
      .exec();
    return docs.map((doc) => ({
      sessionId: doc.sessionId,
      entries: Object.fromEntries(doc.entries.map((e) => [e.participantId, e.status])),
    }));
  }
}
