import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam, ZodQuery, type PageQuery } from '@ctip/http';
import {
  amendLineSchema,
  cycleIdParamSchema,
  cycleViewSchema,
  proposalIdParamSchema,
  slateLineViewSchema,
  slateListQuerySchema,
  slatePageSchema,
  type AmendLine,
} from './cycle.dto';
import { SlateService } from './slate.service';

@ApiTags('fund cycles')
@ApiBearerAuth()
@Controller('cycles/:cycleId/slate')
export class SlateController {
  constructor(private readonly slate: SlateService) {}

  @Get()
  @Roles('fund-officer', 'fund-committee', 'coordinator', 'admin')
  @ZodOperation({
    summary: 'The decision slate',
    description: 'Lines in rank order (weighted score, then submission time, then id): what the close proposed and what is decided.',
    responses: { 200: slatePageSchema },
    errors: [403, 404],
  })
  list(@ZodParam('cycleId', cycleIdParamSchema) cycleId: string, @ZodQuery(slateListQuerySchema) query: PageQuery) {
    return this.slate.list(cycleId, query);
  }

  @Post('lines/:proposalId/amendment')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer', 'fund-committee')
  @ZodOperation({
    summary: 'Amend a slate line',
    description:
      'Approve a smaller amount, defer or decline, with a reason, while the slate is a draft (cycle `closed`). Once prepared or confirmed: 409 with the state.',
    responses: { 200: slateLineViewSchema },
    errors: [403, 404, 409, 422],
  })
  amend(
    @ZodParam('cycleId', cycleIdParamSchema) cycleId: string,
    @ZodParam('proposalId', proposalIdParamSchema) proposalId: string,
    @ZodBody(amendLineSchema) body: AmendLine,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.slate.amend(cycleId, proposalId, body, principal.subject);
  }

  @Post('prepare')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Put the slate to the committee',
    description: 'Freezes the lines. Someone other than the preparer confirms it. A slate not in draft answers 409 with the state.',
    responses: { 200: cycleViewSchema },
    errors: [403, 404, 409],
  })
  prepare(@ZodParam('cycleId', cycleIdParamSchema) cycleId: string, @CurrentPrincipal() principal: Principal) {
    return this.slate.prepare(cycleId, principal.subject);
  }

  @Post('confirm')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('fund-committee')
  @ZodOperation({
    summary: 'Confirm the slate',
    description:
      'Commits the approved amounts from the envelope (all or nothing: 409 naming what is available) and decides every proposal on it, once each; 202 while the decisions are applied. The preparer gets 403; a slate confirmed (or being confirmed) answers 409 with the state.',
    responses: { 202: cycleViewSchema },
    errors: [403, 404, 409],
  })
  confirm(@ZodParam('cycleId', cycleIdParamSchema) cycleId: string, @CurrentPrincipal() principal: Principal) {
    return this.slate.confirm(cycleId, principal);
  }
}
