import type { EventSession, EventVenue } from './training-event.schema';

export type EventChange = 'time' | 'venue' | 'agenda';

/** What the versioned parts of an event are made of (stored form: dates as Date). */
export interface VersionedParts {
  startsAt: Date;
  endsAt: Date;
  online: boolean;
  venue?: EventVenue;
  timeZone: string;
  sessions: EventSession[];
}

const time = (date: Date) => new Date(date).getTime();
const sessionKey = (s: EventSession) =>
  JSON.stringify([
    s.sessionId,
    time(s.startsAt),
    time(s.endsAt),
    s.title,
    s.room ?? null,
    s.trainerIds,
    s.speakers ?? [],
    s.workingGroup ?? null,
  ]);
const venueKey = (p: VersionedParts) =>
  JSON.stringify([p.online, p.timeZone, p.venue ? [p.venue.name ?? null, p.venue.city, p.venue.country, p.venue.timeZone] : null]);

/** Which of time, venue and agenda differ between two versions: each is a reason to notify and a new version. */
export function versionedChanges(before: VersionedParts, after: VersionedParts): EventChange[] {
  const changes: EventChange[] = [];
  if (time(before.startsAt) !== time(after.startsAt) || time(before.endsAt) !== time(after.endsAt)) changes.push('time');
  if (venueKey(before) !== venueKey(after)) changes.push('venue');
  const agenda = (parts: VersionedParts) => parts.sessions.map(sessionKey).join('\n');
  if (agenda(before) !== agenda(after)) changes.push('agenda');
  return changes;
}
