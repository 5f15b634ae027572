import { isDeepStrictEqual } from 'node:util';
import type { AttendanceRegisterRepository } from '../attendance/attendance-register.repository';
import { registerIdOf } from '../attendance/attendance-register.schema';
import type { TrainingEventRepository } from '../events/training-event.repository';
import type { RegistrationRepository } from '../participants/registration.repository';
import { registrationId } from '../participants/registration.schema';
import { DEMO_CREATOR, demoAttendees, demoTrainingEvents, type DemoAttendee, type DemoEvent } from './demo-training';

export interface TrainingSeedReport {
  created: number;
  updated: number;
  unchanged: number;
}

const contentOf = (event: DemoEvent | Record<string, unknown>) => {
  const {
    createdAt: _c,
    updatedAt: _u,
    revision: _r,
    seats: _s,
    nominationRequests: _n,
    nominations: _m,
    invitationIds: _i,
    outbox: _o,
    ...content
  } = event as Record<string, unknown>;
  return JSON.parse(JSON.stringify(content)) as Record<string, unknown>;
};

/**
 * Brings the demo events to their defined state: content, and the attendees of the events that have
 * them (the training of trainers' focal points, with registrations and attendance registers); other
 * participants come from the worked example. Fixed ids make it idempotent; nothing is published, the
 * events being history.
 */
export class TrainingSeeder {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly registers: AttendanceRegisterRepository,
  ) {}

  async run(): Promise<TrainingSeedReport> {
    const report: TrainingSeedReport = { created: 0, updated: 0, unchanged: 0 };
    const attendees = demoAttendees();
    for (const demo of demoTrainingEvents()) {
      const seated = attendees.get(demo._id) ?? [];
      // Attendees first: an event whose seats name them always has their registrations and registers.
      await this.attend(demo, seated);
      const existing = await this.events.findById(demo._id);
      if (!existing) {
        await this.events.insert({
          ...demo,
          revision: 1,
          seats: { confirmed: seated.map((a) => a.participantId), waitlist: [], offers: [] },
          nominationRequests: [],
          nominations: [],
          invitationIds: [],
          outbox: [],
        });
        report.created += 1;
      } else if (isDeepStrictEqual(contentOf(existing), contentOf(demo)) && seatsAll(existing.seats.confirmed, seated)) {
        report.unchanged += 1;
      } else {
        const { _id, ...content } = demo;
        await this.events.modify(_id, (current) => {
          const confirmed = [...new Set([...current.seats.confirmed, ...seated.map((a) => a.participantId)])];
          return { change: { set: { ...content, seats: { ...current.seats, confirmed } } }, result: undefined };
        });
        report.updated += 1;
      }
    }
    return report;
  }

  private async attend(event: DemoEvent, attendees: readonly DemoAttendee[]): Promise<void> {
    if (attendees.length === 0) return;
    await this.registrations.insertNew(
      attendees.map(({ participantId, participant }) => ({
        _id: registrationId(event._id, participantId),
        eventId: event._id,
        participantId,
        external: false,
        state: 'confirmed',
        source: { kind: 'invitation', id: `demo-${event._id}` },
        participant,
      })),
    );
    for (const session of event.sessions)
      await this.registers.replace({
        _id: registerIdOf(event._id, session.sessionId),
        eventId: event._id,
        sessionId: session.sessionId,
        entries: attendees.map(({ participantId }) => ({ participantId, status: 'present' as const })),
        recordedBy: DEMO_CREATOR,
        recordedAt: new Date(event.endsAt),
      });
  }
}

const seatsAll = (confirmed: readonly string[], attendees: readonly DemoAttendee[]) =>
  attendees.every((a) => confirmed.includes(a.participantId));
