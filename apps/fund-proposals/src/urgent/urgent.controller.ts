import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam } from '@ctip/http';
import { proposalIdParamSchema } from '../cycles/cycle.dto';
import {
  proposeUrgentDecisionSchema,
  requestUrgentSchema,
  urgentViewSchema,
  type ProposeUrgentDecision,
  type RequestUrgent,
} from './urgent.dto';
import { UrgentService } from './urgent.service';

@ApiTags('urgent fast-track')
@ApiBearerAuth()
@Controller('proposals/:proposalId/urgent')
export class UrgentController {
  constructor(private readonly urgent: UrgentService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @Roles('fund-applicant')
  @ZodOperation({
    summary: 'Ask for an urgent decision',
    description:
      'The proposal skips the quarter: the fund officers are alerted at once and a decision is due within FUND_URGENT_SLA_MS. The justification names a case only by its reference (an email address or telephone number is refused with 422) and never leaves the service. 409 with the status when the proposal cannot be fast-tracked.',
    responses: { 200: urgentViewSchema },
    errors: [403, 404, 409],
  })
  request(
    @ZodParam('proposalId', proposalIdParamSchema) proposalId: string,
    @ZodBody(requestUrgentSchema) body: RequestUrgent,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.urgent.request(proposalId, body, principal);
  }

  @Get()
  @Roles('fund-officer', 'fund-committee', 'head-of-unit')
  @ZodOperation({ summary: 'The urgent request’s state', responses: { 200: urgentViewSchema }, errors: [403, 404] })
  read(@ZodParam('proposalId', proposalIdParamSchema) proposalId: string) {
    return this.urgent.read(proposalId);
  }

  @Post('decision')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Propose the urgent decision',
    description:
      'Approve (an amount up to the amount requested) or decline; someone else confirms it. Proposing again replaces an unconfirmed proposal.',
    responses: { 200: urgentViewSchema },
    errors: [403, 404, 409],
  })
  propose(
    @ZodParam('proposalId', proposalIdParamSchema) proposalId: string,
    @ZodBody(proposeUrgentDecisionSchema) body: ProposeUrgentDecision,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.urgent.propose(proposalId, body, principal.subject);
  }

  @Post('decision/confirmation')
  @HttpCode(HttpStatus.OK)
  @Roles('fund-officer', 'fund-committee')
  @ZodOperation({
    summary: 'Confirm the urgent decision',
    description:
      'Four-eyes: the proposer gets 403. An approval is committed from the urgent reserve of the open cycle whose cut-off is next (409 naming what is available when it does not cover it). One decision event.',
    responses: { 200: urgentViewSchema },
    errors: [403, 404, 409],
  })
  confirm(@ZodParam('proposalId', proposalIdParamSchema) proposalId: string, @CurrentPrincipal() principal: Principal) {
    return this.urgent.confirm(proposalId, principal);
  }
}
