import type { Principal, Role } from '@ctip/auth';
import { ForbiddenError, NotFoundError } from '@ctip/errors';
import type { TrainingEventDocument } from './training-event.schema';

/** See and manage every event. */
export const EVENT_OVERSEERS: Role[] = ['coordinator', 'admin'];
/** Create and manage the events of their own organisation (the token's `org`). */
export const EVENT_ORGANISERS: Role[] = ['training-organiser', ...EVENT_OVERSEERS];
/** Anyone who may be invited: sees the events they are invited to or registered for, and their own registrations. */
export const EVENT_PARTICIPANTS: Role[] = ['participant', 'trainer', 'focal-point', 'partner'];
export const EVENT_READERS: Role[] = [...EVENT_ORGANISERS, ...EVENT_PARTICIPANTS];
/** The people of an institution asked to nominate (its focal points and partner staff), for their `org`. */
export const NOMINATORS: Role[] = ['focal-point', 'partner', 'training-organiser'];

export const isOverseer = (principal: Principal): boolean => principal.roles.some((role) => EVENT_OVERSEERS.includes(role));

/** Whether the caller manages this event: the coordinator and admin all, an organiser their organisation's. */
export function managesEvent(principal: Principal, event: Pick<TrainingEventDocument, 'organisationId'>): boolean {
  if (isOverseer(principal)) return true;
  return principal.roles.includes('training-organiser') && principal.organisationId === event.organisationId;
}

/** The organisation an organiser creates events for: their token's `org` (the coordinator may name another). */
export function organisingOrganisation(principal: Principal): string {
  if (!principal.organisationId) throw new ForbiddenError('your token names no organisation (`org`) to organise events for');
  return principal.organisationId;
}

/**
 * For writes: the caller must manage the event. Someone who may see it gets 403; anyone else the same
 * 404 as for an event that does not exist, so that an event's existence is not revealed.
 */
export function requireManaged(
  event: TrainingEventDocument | null,
  id: string,
  principal: Principal,
  invited: boolean,
): TrainingEventDocument {
  if (!event) throw new NotFoundError(`event ${id} not found`);
  if (managesEvent(principal, event)) return event;
  if (invited) throw new ForbiddenError(`only the event’s organisers may do this`);
  throw new NotFoundError(`event ${id} not found`);
}
