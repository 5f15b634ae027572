import type { TrainingEventFacts } from '@ctip/contracts';
import type { TrainingEventDocument } from './training-event.schema';

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** The calendar entry's stable identity (RFC 5545 UID): one per event, never reused. */
export function calendarUid(eventId: string): string {
  return `${eventId}@training.ctip`;
}

/** "Venue, City, Country" (the country's English name), or "Online". */
export function eventLocation(event: Pick<TrainingEventDocument, 'venue' | 'online'>): string {
  if (event.online || !event.venue) return 'Online';
  const { name, city, country } = event.venue;
  return [name, city, COUNTRY_NAMES.of(country) ?? country].filter((part) => part !== undefined && part !== '').join(', ');
}

/** What every training notice says about the event (`trainingEventFactsSchema`): no participant, no contact. */
export function eventFacts(
  event: Pick<
    TrainingEventDocument,
    '_id' | 'kind' | 'title' | 'organisationId' | 'venue' | 'online' | 'timeZone' | 'startsAt' | 'endsAt' | 'version' | 'state' | 'demo'
  >,
): TrainingEventFacts {
  return {
    eventId: event._id,
    kind: event.kind,
    title: event.title,
    organisationId: event.organisationId,
    ...(event.venue && !event.online ? { city: event.venue.city, country: event.venue.country } : {}),
    online: event.online,
    version: event.version,
    calendar: {
      uid: calendarUid(event._id),
      sequence: calendarSequence(event),
      startsAt: new Date(event.startsAt).toISOString(),
      endsAt: new Date(event.endsAt).toISOString(),
      timeZone: event.timeZone,
      location: eventLocation(event),
    },
    demo: event.demo,
  };
}

/**
 * The calendar entry's SEQUENCE: one step for every change of time, venue or agenda (version − 1), and one
 * more for the cancellation — RFC 5545 has it grow when the STATUS changes, so that a calendar application
 * takes the CANCEL as newer than the last REQUEST it holds.
 */
export function calendarSequence(event: Pick<TrainingEventDocument, 'version' | 'state'>): number {
  return event.version - 1 + (event.state === 'cancelled' ? 1 : 0);
}
