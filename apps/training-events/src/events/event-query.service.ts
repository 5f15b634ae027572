import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { NotFoundError } from '@ctip/errors';
import type { Page } from '@ctip/persistence';
import { RegistrationRepository } from '../participants/registration.repository';
import { registrationId } from '../participants/registration.schema';
import { isOverseer, managesEvent, NOMINATORS } from './event-access.policy';
import type { EventListQuery } from './event.dto';
import { eventView, type EventView } from './event.view';
import { TrainingEventRepository } from './training-event.repository';
import type { TrainingEventDocument } from './training-event.schema';

/**
 * Reads of events: the coordinator sees all, organisers their organisation's, participants those they
 * are invited to, trainers those they give a session of, an institution's focal points those it was
 * asked to nominate for.
 */
@Injectable()
export class EventQueryService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
  ) {}

  async get(id: string, principal: Principal): Promise<EventView> {
    return eventView(await this.visible(id, principal));
  }

  /** The event if the caller may see it; otherwise the same 404 as for one that does not exist. */
  async visible(id: string, principal: Principal): Promise<TrainingEventDocument> {
    const event = await this.events.findById(id);
    if (
      event &&
      (managesEvent(principal, event) ||
        askedToNominate(principal, event) ||
        trains(principal, event) ||
        (await this.registrations.findById(registrationId(id, principal.subject))))
    )
      return event;
    throw new NotFoundError(`event ${id} not found`);
  }

  async list(principal: Principal, query: EventListQuery): Promise<Page<EventView>> {
    const filter: Record<string, unknown> = {};
    if (query.state) filter.state = query.state;
    if (query.kind) filter.kind = query.kind;
    if (!isOverseer(principal)) {
      const invitedTo = { _id: { $in: await this.registrations.eventIdsOf(principal.subject) } };
      const seen: Record<string, unknown>[] = [invitedTo, { 'sessions.trainerIds': principal.subject }];
      if (principal.organisationId && principal.roles.includes('training-organiser'))
        seen.push({ organisationId: principal.organisationId });
      if (principal.organisationId && principal.roles.some((role) => NOMINATORS.includes(role)))
        seen.push({ 'nominationRequests.organisationId': principal.organisationId });
      Object.assign(filter, { $or: seen });
    }
    const page = await this.events.page(filter, query);
    return { items: page.items.map(eventView), nextCursor: page.nextCursor };
  }
}

/** The people of an institution asked to nominate see the event they nominate for. */
function askedToNominate(principal: Principal, event: TrainingEventDocument): boolean {
  return (
    principal.organisationId !== undefined &&
    principal.roles.some((role) => NOMINATORS.includes(role)) &&
    event.nominationRequests.some((r) => r.organisationId === principal.organisationId)
  );
}

/** A trainer of one of its sessions sees the event. */
function trains(principal: Principal, event: TrainingEventDocument): boolean {
  return event.sessions.some((s) => s.trainerIds.includes(principal.subject));
}
