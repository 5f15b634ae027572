import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, openApiSchema, ZodValidationPipe, type PageQuery } from '@ctip/http';
import type { Response } from 'express';
import { listQuerySchema } from '../cases/case.dto';
import { declineReferralSchema, makeReferralSchema } from './referral.dto';
import { ReferralsService } from './referrals.service';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post('cases/:caseId/referrals')
  @Roles('coordinator', 'focal-point')
  @ApiOperation({ summary: 'Refer the case to a partner for a service (the person’s consent must allow sharing with partners).' })
  @ApiBody({ schema: openApiSchema(makeReferralSchema) })
  async refer(
    @Param('caseId') caseId: string,
    @Body(new ZodValidationPipe(makeReferralSchema)) body: { organisationId: string; service: never },
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
  @ApiOperation({ summary: 'Referrals made to the caller’s organisation (no identifying details).' })
  list(@Query(new ZodValidationPipe(listQuerySchema)) query: PageQuery, @CurrentPrincipal() principal: Principal) {
    return this.referrals.forPartner(principal, query);
  }

  @Post('referrals/:referralId/acceptance')
  @HttpCode(200)
  @Roles('partner')
  accept(@Param('referralId') referralId: string, @CurrentPrincipal() principal: Principal) {
    return this.referrals.transition(referralId, 'accepted', principal);
  }

  @Post('referrals/:referralId/decline')
  @HttpCode(200)
  @Roles('partner')
  @ApiBody({ schema: openApiSchema(declineReferralSchema) })
  decline(
    @Param('referralId') referralId: string,
    @Body(new ZodValidationPipe(declineReferralSchema)) body: { reason: string },
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.referrals.transition(referralId, 'declined', principal, body.reason);
  }

  @Post('referrals/:referralId/completion')
  @HttpCode(200)
  @Roles('partner')
  complete(@Param('referralId') referralId: string, @CurrentPrincipal() principal: Principal) {
    return this.referrals.transition(referralId, 'completed', principal);
  }
}
