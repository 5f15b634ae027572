import { Controller, Get, HttpCode, HttpStatus, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, ZodBody, ZodOperation, ZodParam, ZodQuery } from '@ctip/http';
import type { Response } from 'express';
import { EVENT_ORGANISERS, EVENT_READERS } from './event-access.policy';
import { EventQueryService } from './event-query.service';
import {
  eventContentSchema,
  eventIdParamSchema,
  eventListQuerySchema,
  updateEventSchema,
  type EventContentInput,
  type EventListQuery,
  type UpdateEventInput,
} from './event.dto';
import { eventPageSchema, eventView, eventViewSchema } from './event.view';
import { EventsService } from './events.service';

const ID = { id: '$response.body#/eventId' };
const EVENT_LINKS = {
  read: { operationId: 'EventsController_get', parameters: ID },
  update: { operationId: 'EventsController_update', parameters: ID },
  cancel: { operationId: 'EventsController_cancel', parameters: ID },
};
const REFERENCES =
  'Trainers must be active directory people; with `cascadeFromEventId` (a training-of-trainers) each session’s trainers must have held a seat there and reached its attendance threshold (422 naming `cascadeFromEventId` or `sessions.<n>.trainerIds`); a reminder listed twice is a 422 naming `reminders`.';
const TIME_RULES =
  '400 naming each field for an end before the start, an unknown time zone, a session outside the event’s dates, a registration deadline after the start, a venue missing (or given for an online event).';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly queries: EventQueryService,
  ) {}

  @Post()
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Create an event of your organisation (the token’s `org`): invitation-only, version 1',
    description: `${TIME_RULES} ${REFERENCES} 201 when created, 200 when the same Idempotency-Key was used before.`,
    responses: {
      200: { description: 'The event this Idempotency-Key created before.', schema: eventViewSchema, links: EVENT_LINKS },
      201: { schema: eventViewSchema, links: EVENT_LINKS },
    },
    errors: [403],
  })
  async create(
    @ZodBody(eventContentSchema) body: EventContentInput,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { event, created } = await this.events.create(body, principal, key);
    response.status(creationStatus(created));
    return eventView(event);
  }

  @Get()
  @Roles(...EVENT_READERS)
  @ZodOperation({
    summary:
      'Events the caller may see, latest start first: all for the coordinator, the organisation’s for organisers, the invited ones for participants',
    responses: { 200: eventPageSchema },
    errors: [403],
  })
  list(@ZodQuery(eventListQuerySchema) query: EventListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(principal, query);
  }

  @Get(':id')
  @Roles(...EVENT_READERS)
  @ZodOperation({
    summary: 'An event (seat counts only, never its participants)',
    responses: { 200: eventViewSchema },
    errors: [403, 404],
  })
  get(@ZodParam('id', eventIdParamSchema) id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.get(id, principal);
  }

  @Put(':id')
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Replace the event’s content; a change of time, venue or agenda is a new version with `training.event.changed.v1`',
    description: `Send the whole content and the \`revision\` you read (a stale one answers 409 with \`current.revision\`). A cancelled event answers 409 with \`current.state\`; a capacity below the seats held 409. A change of only \`reminders\` keeps the version and replans the reminders. ${TIME_RULES} ${REFERENCES}`,
    responses: { 200: eventViewSchema },
    errors: [403, 404, 409],
  })
  async update(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodBody(updateEventSchema) body: UpdateEventInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return eventView(await this.events.update(id, body, principal));
  }

  @Post(':id/cancellation')
  @HttpCode(HttpStatus.OK)
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Cancel the event (a state, not a delete): `training.event.cancelled.v1` to everyone invited or registered',
    description: 'Urgent (also by SMS) when within 48 hours of the start. An event cancelled before answers 409 with `current.state`.',
    responses: { 200: eventViewSchema },
    errors: [403, 404, 409],
  })
  async cancel(@ZodParam('id', eventIdParamSchema) id: string, @CurrentPrincipal() principal: Principal) {
    return eventView(await this.events.cancel(id, principal));
  }
}
