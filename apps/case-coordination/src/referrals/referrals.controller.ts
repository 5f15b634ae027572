import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, ZodBody, ZodOperation, ZodParam, ZodQuery, type PageQuery } from '@ctip/http';
import type { Response } from 'express';
import { caseIdParamSchema, entityIdParamSchema, listQuerySchema, referralViewSchema } from '../cases/case.dto';
import { declineReferralSchema, makeReferralSchema, partnerReferralPageSchema } from './referral.dto';
import { ReferralsService } from './referrals.service';

/** Another organisation's referral answers 403; a step its state does not allow (or a busy case), 409. */
const REFERRAL_STEP_ERRORS = [403, 404, 409] as const;
const REFERRAL_ID = { referralId: '$response.body#/referralId' };
const REFERRAL_LINKS = {
  accept: { operationId: 'ReferralsController_accept', parameters: REFERRAL_ID },
  decline: { operationId: 'ReferralsController_decline', parameters: REFERRAL_ID },
  complete: { operationId: 'ReferralsController_complete', parameters: REFERRAL_ID },
};

@ApiTags('referrals')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post('cases/:caseId/referrals')
  @Roles('coordinator', 'focal-point')
  @ZodOperation({
    summary: 'Refer the case to a partner for a service (the person’s consent must allow sharing with partners).',
    responses: {
      200: { description: 'The referral this Idempotency-Key made before.', schema: referralViewSchema, links: REFERRAL_LINKS },
      201: { schema: referralViewSchema, links: REFERRAL_LINKS },
    },
    errors: [403, 404, 409, 422],
  })
  async refer(
    @ZodParam('caseId', caseIdParamSchema) caseId: string,
    @ZodBody(makeReferralSchema) body: { organisationId: string; service: never },
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { referral, created } = await this.referrals.refer(caseId, body, principal, key);
    response.status(creationStatus(created));
    return referral;
  }

  @Get('referrals')
  @Roles('partner')
  @ZodOperation({
    summary: 'Referrals made to the caller’s organisation (no identifying details).',
    responses: { 200: partnerReferralPageSchema },
    errors: [403],
  })
  list(@ZodQuery(listQuerySchema) query: PageQuery, @CurrentPrincipal() principal: Principal) {
    return this.referrals.forPartner(principal, query);
  }

  @Post('referrals/:referralId/acceptance')
  @HttpCode(200)
  @Roles('partner')
  @ZodOperation({
    summary: 'Accept a referral made to the caller’s organisation.',
    responses: { 200: referralViewSchema },
    errors: REFERRAL_STEP_ERRORS,
  })
  accept(@ZodParam('referralId', entityIdParamSchema) referralId: string, @CurrentPrincipal() principal: Principal) {
    return this.referrals.transition(referralId, 'accepted', principal);
  }

  @Post('referrals/:referralId/decline')
  @HttpCode(200)
  @Roles('partner')
  @ZodOperation({ summary: 'Decline a referral, saying why.', responses: { 200: referralViewSchema }, errors: REFERRAL_STEP_ERRORS })
  decline(
    @ZodParam('referralId', entityIdParamSchema) referralId: string,
    @ZodBody(declineReferralSchema) body: { reason: string },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.referrals.transition(referralId, 'declined', principal, body.reason);
  }

  @Post('referrals/:referralId/completion')
  @HttpCode(200)
  @Roles('partner')
  @ZodOperation({
    summary: 'Report an accepted referral’s service delivered.',
    responses: { 200: referralViewSchema },
    errors: REFERRAL_STEP_ERRORS,
  })
  complete(@ZodParam('referralId', entityIdParamSchema) referralId: string, @CurrentPrincipal() principal: Principal) {
    return this.referrals.transition(referralId, 'completed', principal);
  }
}
