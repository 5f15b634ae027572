import { Controller, Delete, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, ZodBody, ZodOperation, ZodParam } from '@ctip/http';
import type { Response } from 'express';
import { EVENT_ORGANISERS } from '../events/event-access.policy';
import { eventIdParamSchema } from '../events/event.dto';
import { ExternalParticipantsService } from './external-participants.service';
import {
  externalIdParamSchema,
  externalParticipantSchema,
  externalParticipantViewSchema,
  type ExternalParticipantInput,
} from './participant.dto';

@ApiTags('external participants')
@ApiBearerAuth()
@Controller()
export class ExternalParticipantsController {
  constructor(private readonly externals: ExternalParticipantsService) {}

  @Post('events/:id/external-participants')
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Register and invite a participant who is not in the directory (name, organisation, role, language, time zone, email/phone)',
    description:
      'The answer and every notice name them by `ext-<uuid>` alone: their contact details reach the notifications service only sealed (`notification.contact-point.sealed.v1`, published before the invitation). 201 when registered, 200 when the same Idempotency-Key did it before. A cancelled event answers 409.',
    responses: {
      200: { description: 'The participant this Idempotency-Key registered before.', schema: externalParticipantViewSchema },
      201: externalParticipantViewSchema,
    },
    errors: [403, 404, 409],
  })
  async register(
    @ZodParam('id', eventIdParamSchema) id: string,
    @ZodBody(externalParticipantSchema) body: ExternalParticipantInput,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { participant, created } = await this.externals.register(id, body, principal, key);
    response.status(creationStatus(created));
    return this.externals.view(participant);
  }

  @Delete('external-participants/:participantId/personal-data')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Erase an external participant’s name, email and phone on request (organisation, country, audience and attendance stay)',
    description: 'Publishes `notification.contact-point.erased.v1`; repeating it changes nothing (204 again).',
    responses: { 204: { description: 'Erased.' } },
    errors: [403, 404],
  })
  async erase(@ZodParam('participantId', externalIdParamSchema) participantId: string, @CurrentPrincipal() principal: Principal) {
    await this.externals.erase(participantId, principal);
  }
}
