import { Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, ZodBody, ZodOperation, ZodParam } from '@ctip/http';
import type { Response } from 'express';
import { EVENT_ORGANISERS, NOMINATORS } from '../events/event-access.policy';
import { eventIdParamSchema } from '../events/event.dto';
import {
  nominationIdParamSchema,
  nominationListSchema,
  nominationRequestSchema,
  nominationRequestViewSchema,
  nominationSchema,
  nominationViewSchema,
  type NominationInput,
  type NominationRequestInput,
} from './nomination.dto';
import { nominationRequestView, nominationView } from './nomination.view';
import { NominationDecisionService } from './nomination-decision.service';
import { NominationsService } from './nominations.service';

const QUOTAS = 'A nomination beyond a quota answers 409 with `current: { quota: "organisation" | "country", limit, used }`.';

@ApiTags('nominations')
@ApiBearerAuth()
@Controller('events/:id')
export class NominationsController {
  constructor(
    private readonly nominations: NominationsService,
    private readonly decisions: NominationDecisionService,
  ) {}

  @Post('nomination-requests')
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Ask an institution to nominate participants, with its quota and optionally its country’s',
    description:
      'Publishes `training.nomination.requested.v1` to the institution’s focal points (422 if it has none or is unknown). One request per institution and event (another answers 409). 201 when asked, 200 when the same Idempotency-Key asked before.',
    responses: {
      200: { description: 'The request this Idempotency-Key made before.', schema: nominationRequestViewSchema },
      201: nominationRequestViewSchema,
    },
    errors: [403, 404, 409],
  })
  async request(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodBody(nominationRequestSchema) body: NominationRequestInput,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { event, request, created } = await this.nominations.request(id, body, principal, key);
    response.status(creationStatus(created));
    return nominationRequestView(event, request);
  }

  @Post('nominations')
  @Roles(...NOMINATORS)
  @ZodOperation({
    summary: 'Nominate a directory person or an external participant for your institution (the token’s `org`, asked to nominate)',
    description: `${QUOTAS} The organiser then approves or rejects it. 201 when nominated, 200 when the same Idempotency-Key nominated before.`,
    responses: {
      200: { description: 'The nomination this Idempotency-Key made before.', schema: nominationViewSchema },
      201: nominationViewSchema,
    },
    errors: [403, 404, 409],
  })
  async nominate(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodBody(nominationSchema) body: NominationInput,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { nomination, created } = await this.nominations.nominate(id, body, principal, key);
    response.status(creationStatus(created));
    return nominationView(nomination);
  }

  @Get('nominations')
  @Roles(...EVENT_ORGANISERS, ...NOMINATORS)
  @ZodOperation({
    summary: 'Nomination requests with what remains of each quota, and the nominations: all for the organisers, its own for an institution',
    responses: { 200: nominationListSchema },
    errors: [403, 404],
  })
  async list(@ZodParam('id', eventIdParamSchema) id: string, @CurrentPrincipal() principal: Principal) {
    const { event, requests, nominations } = await this.nominations.list(id, principal);
    return { requests: requests.map((r) => nominationRequestView(event, r)), nominations: nominations.map(nominationView) };
  }

  @Post('nominations/:nominationId/approval')
  @HttpCode(HttpStatus.OK)
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Approve a nomination: the nominee holds a seat (or a waitlist place) and is told so',
    description: 'A nomination decided otherwise before answers 409 with `current.state`; approving again changes nothing.',
    responses: { 200: nominationViewSchema },
    errors: [403, 404, 409],
  })
  async approve(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodParam('nominationId', nominationIdParamSchema) nominationId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return nominationView(await this.decisions.decide(id, nominationId, 'approved', principal));
  }

  @Post('nominations/:nominationId/rejection')
  @HttpCode(HttpStatus.OK)
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Reject a nomination: its place in the quotas frees',
    description: 'A nomination approved before answers 409 with `current.state`; rejecting again changes nothing.',
    responses: { 200: nominationViewSchema },
    errors: [403, 404, 409],
  })
  async reject(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodParam('nominationId', nominationIdParamSchema) nominationId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return nominationView(await this.decisions.decide(id, nominationId, 'rejected', principal));
  }
}
