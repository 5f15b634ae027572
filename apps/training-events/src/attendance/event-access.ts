import type { Principal } from '@ctip/auth';
import { NotFoundError } from '@ctip/errors';
import { managesEvent, requireManaged } from '../events/event-access.policy';
import type { TrainingEventDocument } from '../events/training-event.schema';

export { EVENT_ORGANISERS, EVENT_PARTICIPANTS, EVENT_READERS } from '../events/event-access.policy';

/**
 * Who keeps an event's registers and issues its certificates, and who reads its registers and reports:
 * the events module's rule (an organiser of the event's organisation, coordinators and admins).
 */
export const manages = (event: TrainingEventDocument, principal: Principal) => managesEvent(principal, event);

export function requireEvent(event: TrainingEventDocument | null, eventId: string): TrainingEventDocument {
  if (!event) throw new NotFoundError(`event ${eventId} not found`);
  return event;
}

/** A participant of the event who may not do this gets 403; anyone else the 404 of an unknown event. */
export function requireManager(event: TrainingEventDocument, principal: Principal): void {
  requireManaged(event, event._id, principal, event.seats.confirmed.includes(principal.subject));
}
