import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';

export type CalendarMethod = 'REQUEST' | 'CANCEL';

/**
 * One calendar entry as a notice describes it for one reader: what a kind's `calendar` hook returns. The
 * core knows nothing of what the entry is about; it adds the organiser and the reader as attendee.
 */
export interface CalendarEntry {
  /** REQUEST creates or updates the entry; CANCEL removes it (STATUS:CANCELLED). */
  method: CalendarMethod;
  /** Stable for the thing the entry stands for: calendar applications update the entry with this UID. */
  uid: string;
  /** Grows with every change; an application ignores an update whose SEQUENCE is not higher than its own. */
  sequence: number;
  startsAt: string;
  endsAt: string;
  /** IANA time zone the times are shown in (TZID, with its VTIMEZONE). */
  timeZone: string;
  summary: string;
  location: string;
  description?: string;
  url?: string;
}

/** What the email channel attaches: nodemailer's `icalEvent` (a text/calendar alternative and an invite.ics). */
export interface CalendarInvitation {
  method: CalendarMethod;
  content: string;
}

export interface Mailbox {
  name?: string;
  email: string;
}

/**
 * RFC 5545 invitations made with ical-generator (folding, escaping and VTIMEZONE are its job, not string
 * templates'), with the VTIMEZONE definitions of @touch4it/ical-timezones. Times are zoned with luxon so
 * DTSTART/DTEND carry the entry's TZID and its local clock time.
 */
export class CalendarInvitationBuilder {
  constructor(private readonly organizer: Mailbox) {}

  /** `stamp` (DTSTAMP) is when the notice was made: the same for a resend of the same notice. */
  build(entry: CalendarEntry, attendee: Mailbox, stamp: Date): CalendarInvitation {
    const cancel = entry.method === 'CANCEL';
    const calendar = ical({
      prodId: { company: 'CTIP', product: 'Notifications', language: 'EN' },
      method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    });
    calendar.timezone({ name: null, generator: getVtimezoneComponent });
    const zoned = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(entry.timeZone);
    calendar.createEvent({
      id: entry.uid,
      sequence: entry.sequence,
      stamp,
      start: zoned(entry.startsAt),
      end: zoned(entry.endsAt),
      timezone: entry.timeZone,
      summary: entry.summary,
      location: entry.location,
      description: entry.description ?? null,
      url: entry.url ?? null,
      status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: { name: this.organizer.name ?? this.organizer.email, email: this.organizer.email },
      attendees: [
        {
          email: attendee.email,
          ...(attendee.name ? { name: attendee.name } : {}),
          role: ICalAttendeeRole.REQ,
          status: ICalAttendeeStatus.NEEDSACTION,
          // Answers are given in the console: replies to the organiser's mailbox are not read.
          rsvp: false,
        },
      ],
    });
    return { method: entry.method, content: calendar.toString() };
  }
}
