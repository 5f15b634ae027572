import type { FieldProblem } from '@ctip/errors';

/** The times of an event as the rules read them (ISO strings with offset, already well-formed). */
export interface EventTimes {
  startsAt: string;
  endsAt: string;
  registrationDeadline?: string;
  online: boolean;
  venue?: unknown;
  timeZone?: string;
  sessions: { startsAt: string; endsAt: string }[];
}

/** NaN for anything that is not a date-time (the schema names that one already). */
const ms = (iso: unknown) => (typeof iso === 'string' ? Date.parse(iso) : Number.NaN);

/**
 * Rules between fields that a schema cannot state: the end after the start, every session inside the
 * event's dates, a venue or else online with a time zone, the registration deadline before the start.
 * Each problem names its field; they are answered 400 with the schema's own (see event.dto.ts).
 */
export function eventTimeProblems(event: EventTimes): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const start = ms(event.startsAt);
  const end = ms(event.endsAt);
  if (Number.isNaN(start) || Number.isNaN(end)) return problems;
  if (!(end > start)) problems.push({ field: 'endsAt', reason: 'must be after startsAt' });
  (Array.isArray(event.sessions) ? event.sessions : []).forEach((session, i) => {
    const sessionStart = ms(session.startsAt);
    const sessionEnd = ms(session.endsAt);
    if (Number.isNaN(sessionStart) || Number.isNaN(sessionEnd)) return;
    if (!(sessionEnd > sessionStart)) problems.push({ field: `sessions.${i}.endsAt`, reason: 'must be after the session’s startsAt' });
    if (sessionStart < start || sessionStart > end)
      problems.push({ field: `sessions.${i}.startsAt`, reason: 'must be within the event’s dates (startsAt to endsAt)' });
    if (sessionEnd > end || sessionEnd < start)
      problems.push({ field: `sessions.${i}.endsAt`, reason: 'must be within the event’s dates (startsAt to endsAt)' });
  });
  if (typeof event.registrationDeadline === 'string' && ms(event.registrationDeadline) > start)
    problems.push({ field: 'registrationDeadline', reason: 'must not be after startsAt' });
  if (event.online && event.venue !== undefined) problems.push({ field: 'venue', reason: 'must be left out for an online event' });
  if (!event.online && event.venue === undefined) problems.push({ field: 'venue', reason: 'is required unless the event is online' });
  if (event.online && event.timeZone === undefined)
    problems.push({ field: 'timeZone', reason: 'is required for an online event (the organiser’s IANA time zone)' });
  const venueZone = (event.venue as { timeZone?: unknown } | undefined)?.timeZone;
  if (!event.online && event.timeZone !== undefined && event.timeZone !== venueZone)
    problems.push({ field: 'timeZone', reason: 'must be the venue’s time zone or left out: an in-person event takes its venue’s' });
  return problems;
}
