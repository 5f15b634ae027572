import { Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, ZodBody, ZodOperation, ZodParam, ZodQuery } from '@ctip/http';
import type { Response } from 'express';
import { EVENT_ORGANISERS, EVENT_READERS } from '../events/event-access.policy';
import { eventIdParamSchema, participantIdParamSchema } from '../events/event.dto';
import { InvitationsService } from './invitations.service';
import { invitationResultSchema, invitationSchema, type InvitationRequest } from './participant.dto';
import { RegistrationQueryService } from './registration-query.service';
import {
  registrationListQuerySchema,
  registrationPageSchema,
  registrationViewSchema,
  type RegistrationListQuery,
} from './registration.view';
import { RegistrationsService } from './registrations.service';

const ACTOR = 'By the participant themself (token `sub`) or one of the event’s organisers; anyone else gets 404.';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller()
export class RegistrationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueryService,
  ) {}

  @Post('events/:id/invitations')
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Invite directory people by audience, role, organisation and country (all given must hold), and individuals by id',
    description:
      'Registrations `invited` for those not registered yet, and one `training.invitation.sent.v1` per 5,000 of them. An unknown or inactive person id is a 422 naming it; a cancelled event 409. 201 for a new batch, 200 when the same Idempotency-Key sent it before.',
    responses: {
      200: { description: 'The batch this Idempotency-Key sent before.', schema: invitationResultSchema },
      201: invitationResultSchema,
    },
    errors: [403, 404, 409],
  })
  async invite(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodBody(invitationSchema) body: InvitationRequest,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { result, created } = await this.invitations.invite(id, body, principal, key);
    response.status(creationStatus(created));
    return result;
  }

  @Get('events/:id/registrations')
  @Roles(...EVENT_READERS)
  @ZodOperation({
    summary: 'The event’s participants, for its organisers only (a participant of the event gets 403, anyone else 404)',
    responses: { 200: registrationPageSchema },
    errors: [403, 404],
  })
  list(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodQuery(registrationListQuerySchema) query: RegistrationListQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.ofEvent(id, query, principal);
  }

  @Get('events/:id/registrations/:participantId')
  @Roles(...EVENT_READERS)
  @ZodOperation({
    summary: `One registration with its waitlist place or offer. ${ACTOR}`,
    responses: { 200: registrationViewSchema },
    errors: [403, 404],
  })
  one(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodParam('participantId', participantIdParamSchema) participantId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.one(id, participantId, principal);
  }

  @Post('events/:id/registrations/:participantId/acceptance')
  @HttpCode(HttpStatus.OK)
  @Roles(...EVENT_READERS)
  @ZodOperation({
    summary:
      'Accept the invitation, or confirm the offered seat: confirmed within capacity, otherwise waitlisted with its place (not an error)',
    description: `${ACTOR} A declined or withdrawn registration, a passed registration deadline or a cancelled event answer 409 naming it. Accepting again changes nothing.`,
    responses: { 200: registrationViewSchema },
    errors: [403, 404, 409],
  })
  async accept(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodParam('participantId', participantIdParamSchema) participantId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.one(id, (await this.registrations.accept(id, participantId, principal)).participantId, principal);
  }

  @Post('events/:id/registrations/:participantId/declination')
  @HttpCode(HttpStatus.OK)
  @Roles(...EVENT_READERS)
  @ZodOperation({
    summary: 'Decline the invitation or the offered seat; a seat held or offered goes to the first on the waitlist',
    description: ACTOR,
    responses: { 200: registrationViewSchema },
    errors: [403, 404, 409],
  })
  async decline(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodParam('participantId', participantIdParamSchema) participantId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.one(id, (await this.registrations.leave(id, participantId, principal, 'declined')).participantId, principal);
  }

  @Post('events/:id/registrations/:participantId/withdrawal')
  @HttpCode(HttpStatus.OK)
  @Roles(...EVENT_READERS)
  @ZodOperation({
    summary: 'Withdraw: the seat frees and the first waitlisted is offered it until its confirm-by time (exactly one offer per seat)',
    description: ACTOR,
    responses: { 200: registrationViewSchema },
    errors: [403, 404, 409],
  })
  async withdraw(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodParam('participantId', participantIdParamSchema) participantId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.one(id, (await this.registrations.leave(id, participantId, principal, 'withdrawn')).participantId, principal);
  }

  @Get('registrations')
  @Roles(...EVENT_READERS)
  @ZodOperation({ summary: 'The caller’s own registrations (token `sub`)', responses: { 200: registrationPageSchema }, errors: [403] })
  mine(@ZodQuery(registrationListQuerySchema) query: RegistrationListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.mine(query, principal);
  }
}
