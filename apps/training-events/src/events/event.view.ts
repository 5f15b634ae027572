import { localizedTextSchema } from '@ctip/contracts';
import { pageOf } from '@ctip/http';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { attendanceThresholdOf, reminderRulesOf } from '../reminders/event-settings';
import { calendarSequence, calendarUid, eventLocation } from './event-facts';
import type { TrainingEventDocument } from './training-event.schema';

const isoOut = z.string().describe('ISO 8601 with the offset of the event’s time zone.');

export const eventViewSchema = z.object({
  eventId: z.string(),
  kind: z.string(),
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  organisationId: z.string(),
  venue: z.object({ name: z.string().optional(), city: z.string(), country: z.string(), timeZone: z.string() }).optional(),
  online: z.boolean(),
  timeZone: z.string(),
  location: z.string(),
  startsAt: isoOut,
  endsAt: isoOut,
  workingLanguages: z.array(z.string()),
  interpretation: z.array(z.object({ from: z.string(), to: z.string() })),
  sessions: z.array(
    z.object({
      sessionId: z.string(),
      startsAt: isoOut,
      endsAt: isoOut,
      title: localizedTextSchema,
      room: z.string().optional(),
      trainerIds: z.array(z.string()),
      speakers: z.array(z.string()).optional(),
      workingGroup: z.string().optional(),
    }),
  ),
  materials: z.array(z.object({ title: z.string(), url: z.string() })),
  audiences: z.array(z.string()),
  capacity: z.number().int(),
  registrationDeadline: isoOut.optional(),
  cascadeFromEventId: z.string().optional(),
  reminders: z.array(z.object({ daysBefore: z.number().int(), at: z.string() })),
  attendanceThreshold: z.number(),
  state: z.enum(['scheduled', 'cancelled']),
  cancelledAt: z.string().optional(),
  version: z.number().int().describe('1, +1 with every change of time, venue or agenda.'),
  revision: z.number().int().describe('Send it back with a PUT.'),
  calendar: z.object({ uid: z.string(), sequence: z.number().int() }),
  seats: z
    .object({ confirmed: z.number().int(), offered: z.number().int(), waitlisted: z.number().int(), free: z.number().int() })
    .describe('Counts only: participant lists are for the organisers (GET /events/{id}/registrations).'),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EventView = z.infer<typeof eventViewSchema>;
export const eventPageSchema = pageOf(eventViewSchema);

/** A date-time in the event's zone, e.g. 2010-10-02T09:00:00.000+05:00. */
export function inZone(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(new Date(date), { zone: timeZone }).toISO()!;
}

export function eventView(event: TrainingEventDocument): EventView {
  const zone = (date: Date) => inZone(date, event.timeZone);
  const { confirmed, offers, waitlist } = event.seats;
  return {
    eventId: event._id,
    kind: event.kind,
    title: event.title,
    ...(event.description ? { description: event.description } : {}),
    organisationId: event.organisationId,
    ...(event.venue ? { venue: event.venue } : {}),
    online: event.online,
    timeZone: event.timeZone,
    location: eventLocation(event),
    startsAt: zone(event.startsAt),
    endsAt: zone(event.endsAt),
    workingLanguages: event.workingLanguages,
    interpretation: event.interpretation,
    sessions: event.sessions.map((s) => ({ ...s, startsAt: zone(s.startsAt), endsAt: zone(s.endsAt) })),
    materials: event.materials,
    audiences: event.audiences,
    capacity: event.capacity,
    ...(event.registrationDeadline ? { registrationDeadline: zone(event.registrationDeadline) } : {}),
    ...(event.cascadeFromEventId ? { cascadeFromEventId: event.cascadeFromEventId } : {}),
    reminders: [...reminderRulesOf(event)],
    attendanceThreshold: attendanceThresholdOf(event),
    state: event.state,
    ...(event.cancelledAt ? { cancelledAt: new Date(event.cancelledAt).toISOString() } : {}),
    version: event.version,
    revision: event.revision,
    calendar: { uid: calendarUid(event._id), sequence: calendarSequence(event) },
    seats: {
      confirmed: confirmed.length,
      offered: offers.length,
      waitlisted: waitlist.length,
      free: Math.max(0, event.capacity - confirmed.length - offers.length),
    },
    demo: event.demo,
    createdAt: new Date(event.createdAt).toISOString(),
    updatedAt: new Date(event.updatedAt).toISOString(),
  };
}
