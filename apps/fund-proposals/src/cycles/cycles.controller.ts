import { Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam, ZodQuery, type PageQuery } from '@ctip/http';
import type { Response } from 'express';
import { CycleCloseService } from './cycle-close.service';
import {
  balanceViewSchema,
  createCycleSchema,
  cycleIdParamSchema,
  cycleListQuerySchema,
  cyclePageSchema,
  cycleViewSchema,
  type CreateCycle,
} from './cycle.dto';
import { CyclesService } from './cycles.service';
import { EnvelopeLedger } from './envelope-ledger';

const READERS = ['fund-officer', 'fund-committee', 'head-of-unit', 'coordinator', 'admin'] as const;

@ApiTags('fund cycles')
@ApiBearerAuth()
@Controller('cycles')
export class CyclesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly close: CycleCloseService,
    private readonly ledger: EnvelopeLedger,
  ) {}

  @Post()
  @Roles('fund-officer')
  @ZodOperation({
    summary: 'Create a fund cycle',
    description:
      'A quarter with its cut-off, decision date and amount. The envelope is the amount plus what confirmed earlier quarters left uncommitted (carry-over); the urgent reserve is FUND_URGENT_RESERVE_PERCENT of it. The cycle closes by itself at its cut-off. A taken cycle id answers 409.',
    responses: {
      201: {
        schema: cycleViewSchema,
        links: {
          read: { operationId: 'CyclesController_get', parameters: { cycleId: '$response.body#/cycleId' } },
          balance: { operationId: 'CyclesController_balance', parameters: { cycleId: '$response.body#/cycleId' } },
          close: { operationId: 'CyclesController_closeNow', parameters: { cycleId: '$response.body#/cycleId' } },
          slate: { operationId: 'SlateController_list', parameters: { cycleId: '$response.body#/cycleId' } },
        },
      },
    },
    errors: [403, 409, 422],
  })
  create(@ZodBody(createCycleSchema) body: CreateCycle, @CurrentPrincipal() principal: Principal) {
    return this.cycles.create(body, principal.subject);
  }

  @Get()
  @Roles(...READERS)
  @ZodOperation({ summary: 'List fund cycles', description: 'Newest quarter first.', responses: { 200: cyclePageSchema }, errors: [403] })
  list(@ZodQuery(cycleListQuerySchema) query: PageQuery) {
    return this.cycles.list(query);
  }

  @Get(':cycleId')
  @Roles(...READERS)
  @ZodOperation({ summary: 'Read a fund cycle', responses: { 200: cycleViewSchema }, errors: [403, 404] })
  get(@ZodParam('cycleId', cycleIdParamSchema) cycleId: string) {
    return this.cycles.get(cycleId);
  }

  @Get(':cycleId/balance')
  @Roles(...READERS)
  @ZodOperation({
    summary: 'The envelope’s balance',
    description: 'Envelope (including carry-over), urgent reserve, committed per lane and what each lane may still commit.',
    responses: { 200: balanceViewSchema },
    errors: [403, 404],
  })
  balance(@ZodParam('cycleId', cycleIdParamSchema) cycleId: string) {
    return this.ledger.balance(cycleId);
  }

  @Post(':cycleId/close')
  @Roles('fund-officer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ZodOperation({
    summary: 'Close a cycle now',
    description:
      'Closes before the cut-off (proposals reviewed until now are on the slate). Idempotent: 202 while the slate is being built, 200 once the cycle is closed (or later).',
    responses: { 200: cycleViewSchema, 202: cycleViewSchema },
    errors: [403, 404],
  })
  async closeNow(
    @ZodParam('cycleId', cycleIdParamSchema) cycleId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.close.closeByHand(cycleId, principal.subject);
    const cycle = await this.cycles.get(cycleId);
    if (cycle.status !== 'closing') response.status(HttpStatus.OK);
    return cycle;
  }
}
