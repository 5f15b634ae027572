import type { Principal } from '@ctip/auth';
import { ForbiddenError, NotFoundError } from '@ctip/errors';
import type { TrainingEventDocument } from '../events/training-event.schema';

/** The organiser of an event: a `training-organiser` of its organising organisation (the token's `org`). */
export const organises = (event: Pick<TrainingEventDocument, 'organisationId'>, principal: Principal) =>
  principal.roles.includes('training-organiser') && principal.organisationId === event.organisationId;

/** Whoever may read an event's registers and reports: its organiser, or the ODIHR coordinator (sees all). */
export const oversees = (event: Pick<TrainingEventDocument, 'organisationId'>, principal: Principal) =>
  organises(event, principal) || principal.roles.includes('coordinator');

export function requireEvent(event: TrainingEventDocument | null, eventId: string): TrainingEventDocument {
  if (!event) throw new NotFoundError(`no event ${eventId}`);
  return event;
}

export function requireOrganiser(event: TrainingEventDocument, principal: Principal): void {
  if (!organises(event, principal))
    throw new ForbiddenError(`only a training-organiser of ${event.organisationId} manages event ${event._id}`);
}

export function requireOverseer(event: TrainingEventDocument, principal: Principal): void {
  if (!oversees(event, principal))
    throw new ForbiddenError(`only the organiser of event ${event._id} or a coordinator sees its registers and reports`);
}
