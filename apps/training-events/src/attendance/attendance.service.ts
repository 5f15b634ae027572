import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, NotFoundError, UnprocessableError } from '@ctip/errors';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { attendanceThresholdOf } from '../reminders/event-settings';
import { attendanceRates, reachesThreshold, type ParticipantAttendance } from './attendance-rate';
import { AttendanceRegisterRepository } from './attendance-register.repository';
import { registerIdOf } from './attendance-register.schema';
import type { AttendanceRegisterInput, AttendanceView, SessionRegisterView } from './attendance.dto';
import { manages, requireEvent, requireManager } from './event-access';

/** The attendance register per session, kept by the organiser, and each participant's attendance rate. */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registers: AttendanceRegisterRepository,
  ) {}

  async keep(
    eventId: string,
    sessionId: string,
    input: AttendanceRegisterInput,
    principal: Principal,
    now = new Date(),
  ): Promise<SessionRegisterView> {
    const event = requireEvent(await this.events.findById(eventId), eventId);
    requireManager(event, principal);
    if (event.state === 'cancelled') throw new ConflictError(`event ${eventId} was cancelled: no register is kept`, { state: 'cancelled' });
    const session = event.sessions.find((s) => s.sessionId === sessionId);
    if (!session) throw new NotFoundError(`event ${eventId} has no session ${sessionId}`);
    const startsAt = new Date(session.startsAt);
    if (now < startsAt)
      throw new ConflictError(`session ${sessionId} starts at ${startsAt.toISOString()}: its register is kept once it started`, {
        startsAt: startsAt.toISOString(),
      });
    const confirmed = new Set(event.seats.confirmed);
    const problems = input.entries
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => !confirmed.has(entry.participantId))
      .map(({ entry, index }) => ({
        field: `entries.${index}.participantId`,
        reason: `${entry.participantId} holds no seat at event ${eventId}`,
      }));
    if (problems.length > 0) throw new UnprocessableError('only participants holding a seat are in the register', problems);
    await this.registers.replace({
      _id: registerIdOf(eventId, sessionId),
      eventId,
      sessionId,
      entries: input.entries,
      recordedBy: principal.subject,
      recordedAt: now,
    });
    return { eventId, sessionId, entries: input.entries, recordedAt: now.toISOString() };
  }

  /** Everyone's rates for the organiser or a coordinator; a participant sees only their own. */
  async view(eventId: string, principal: Principal): Promise<AttendanceView> {
    const event = requireEvent(await this.events.findById(eventId), eventId);
    const own = !manages(event, principal);
    if (own && !event.seats.confirmed.includes(principal.subject)) requireManager(event, principal);
    const { rates, kept, threshold } = await this.rates(event, own ? [principal.subject] : event.seats.confirmed);
    return {
      eventId,
      sessions: event.sessions.length,
      sessionsKept: kept,
      threshold,
      participants: rates.map((r) => ({ ...r, reachesThreshold: reachesThreshold(r, threshold) })),
    };
  }

  /** The rates of these participants over the event's kept registers, with the event's threshold. */
  async rates(
    event: TrainingEventDocument,
    participantIds: readonly string[],
  ): Promise<{ rates: ParticipantAttendance[]; kept: number; threshold: number }> {
    const registers = await this.registers.ofEvent(event);
    return { rates: attendanceRates(participantIds, registers), kept: registers.length, threshold: attendanceThresholdOf(event) };
  }
}
