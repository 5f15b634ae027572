import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ForbiddenError, NotFoundError } from '@ctip/errors';
import { readPage, type Page } from '@ctip/persistence';
import { managesEvent } from '../events/event-access.policy';
import { TrainingEventRepository } from '../events/training-event.repository';
import { RegistrationRepository } from './registration.repository';
import { registrationId, registrationRange, type RegistrationDocument } from './registration.schema';
import { registrationView, type RegistrationListQuery, type RegistrationView } from './registration.view';

const BY_ID = { direction: 1 } as const;

/** Reads of registrations: an event's participant list (its organisers only), a participant's own. */
@Injectable()
export class RegistrationQueryService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
  ) {}

  /** The participant list: never public; a participant of the event gets 403, anyone else 404. */
  async ofEvent(eventId: string, query: RegistrationListQuery, principal: Principal): Promise<Page<RegistrationView>> {
    const event = await this.events.findById(eventId);
    if (!event) throw new NotFoundError(`event ${eventId} not found`);
    if (!managesEvent(principal, event)) {
      const own = await this.registrations.findById(registrationId(eventId, principal.subject));
      if (own) throw new ForbiddenError('only the event’s organisers see its participants');
      throw new NotFoundError(`event ${eventId} not found`);
    }
    const filter: Record<string, unknown> = { _id: registrationRange(eventId), ...(query.state ? { state: query.state } : {}) };
    const page = await readPage(query, BY_ID, filter, ({ filter: where, sort, limit }) =>
      this.registrations.model.find(where).sort(sort).limit(limit).lean<RegistrationDocument[]>().exec(),
    );
    return { items: page.items.map((r) => registrationView(r, event)), nextCursor: page.nextCursor };
  }

  /** One registration, for the participant themself or the event's organisers. */
  async one(eventId: string, participantId: string, principal: Principal): Promise<RegistrationView> {
    const [event, registration] = await Promise.all([
      this.events.findById(eventId),
      this.registrations.findById(registrationId(eventId, participantId)),
    ]);
    if (!event || !registration || (principal.subject !== participantId && !managesEvent(principal, event)))
      throw new NotFoundError(`no registration of ${participantId} for event ${eventId}`);
    return registrationView(registration, event);
  }

  /** The caller's own registrations, by event. */
  async mine(query: RegistrationListQuery, principal: Principal): Promise<Page<RegistrationView>> {
    const filter: Record<string, unknown> = { participantId: principal.subject, ...(query.state ? { state: query.state } : {}) };
    const page = await readPage(query, BY_ID, filter, ({ filter: where, sort, limit }) =>
      this.registrations.model.find(where).sort(sort).limit(limit).lean<RegistrationDocument[]>().exec(),
    );
    const events = new Map((await this.events.findManyByIds(page.items.map((r) => r.eventId))).map((e) => [e._id, e]));
    return { items: page.items.map((r) => registrationView(r, events.get(r.eventId))), nextCursor: page.nextCursor };
  }

  view(registration: RegistrationDocument, event?: Parameters<typeof registrationView>[1]): RegistrationView {
    return registrationView(registration, event);
  }
}
