import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, UnprocessableError } from '@ctip/errors';
import type { Page, PageRequest } from '@ctip/persistence';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { CarryOverService } from './carry-over.service';
import { CycleCloseScheduler } from './cycle-close.scheduler';
import type { CreateCycle, CycleView } from './cycle.dto';
import { cycleView } from './cycle.view';
import { ConfirmationProgressRepository } from './confirmation-progress.repository';
import { FundCycleRepository } from './fund-cycle.repository';
import type { FundCycleDocument } from './fund-cycle.schema';
import { fundInstant } from './fund-time';

/** Creating and reading fund cycles; their close, slate and money live in their own services. */
@Injectable()
export class CyclesService {
  constructor(
    private readonly cycles: FundCycleRepository,
    private readonly carryOver: CarryOverService,
    private readonly scheduler: CycleCloseScheduler,
    private readonly progress: ConfirmationProgressRepository,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  async create(body: CreateCycle, officerId: string, now = new Date()): Promise<CycleView> {
    const timeZone = this.config.FUND_TIME_ZONE;
    const cutOff = fundInstant(body.cutOff, timeZone);
    const decisionDate = fundInstant(body.decisionDate, timeZone);
    const problems = [
      ...(cutOff ? [] : [{ field: 'cutOff', reason: 'is not a date that exists' }]),
      ...(decisionDate ? [] : [{ field: 'decisionDate', reason: 'is not a date that exists' }]),
      ...(cutOff && cutOff <= now ? [{ field: 'cutOff', reason: 'must be in the future' }] : []),
      ...(cutOff && decisionDate && decisionDate <= cutOff ? [{ field: 'decisionDate', reason: 'must be after the cut-off' }] : []),
    ];
    if (problems.length > 0 || !cutOff || !decisionDate) throw new UnprocessableError('the cycle’s dates do not fit', problems);
    await this.cycles.insert({
      _id: body.cycleId,
      status: 'open',
      cutOff,
      decisionDate,
      currency: this.config.FUND_CURRENCY,
      quarterAmount: body.amount,
      carryOver: 0,
      carriedIn: {},
      envelope: body.amount,
      urgentReserve: this.carryOver.reserveOf(body.amount),
      committed: 0,
      urgentCommitted: 0,
      commitments: {},
      createdBy: officerId,
    });
    await this.carryOver.into(body.cycleId, now);
    await this.scheduler.schedule(body.cycleId, cutOff);
    return this.get(body.cycleId);
  }

  async get(cycleId: string): Promise<CycleView> {
    return cycleView(await this.progress.current(await this.require(cycleId)), this.config.FUND_TIME_ZONE);
  }

  async list(page: PageRequest): Promise<Page<CycleView>> {
    const found = await this.cycles.list(page);
    const items = await Promise.all(found.items.map((c) => this.progress.current(c)));
    return { ...found, items: items.map((c) => cycleView(c, this.config.FUND_TIME_ZONE)) };
  }

  async require(cycleId: string): Promise<FundCycleDocument> {
    const cycle = await this.cycles.findById(cycleId);
    if (!cycle) throw new NotFoundError(`fund cycle ${cycleId} not found`);
    return cycle;
  }
}
