import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@ctip/errors';
import type { Page, PageRequest } from '@ctip/persistence';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { CycleCloseScheduler } from './cycle-close.scheduler';
import type { AmendLine, CycleView, SlateLineView } from './cycle.dto';
import { cycleView, slateLineView } from './cycle.view';
import { EnvelopeLedger } from './envelope-ledger';
import { FundCycleRepository } from './fund-cycle.repository';
import type { CycleStatus, FundCycleDocument } from './fund-cycle.schema';
import { ConfirmationProgressRepository } from './confirmation-progress.repository';
import { SlateLineRepository } from './slate-line.repository';

/**
 * The committee's side of a closed cycle: lines are amended while the slate is a draft (`closed`), a fund
 * officer prepares it (which freezes it), and a committee member who is not the preparer confirms it. The
 * confirmation commits the approved money first — the slate's approved total as one ledger commitment,
 * held by the request (a repeated request takes it over at the same or a new total) — and only then moves
 * the cycle to `confirming`, so a refused commitment leaves nothing written and two
 * concurrent confirmations commit once; the decisions are applied by the confirmation job.
 */
@Injectable()
export class SlateService {
  constructor(
    private readonly cycles: FundCycleRepository,
    private readonly lines: SlateLineRepository,
    private readonly ledger: EnvelopeLedger,
    private readonly scheduler: CycleCloseScheduler,
    private readonly progress: ConfirmationProgressRepository,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  async list(cycleId: string, page: PageRequest): Promise<Page<SlateLineView>> {
    const cycle = await this.require(cycleId);
    const found = await this.lines.page(cycleId, page);
    // Lines are applied in rank order: those up to the confirmation's progress are decided.
    const appliedThrough =
      cycle.status === 'confirmed' ? Number.POSITIVE_INFINITY : cycle.status === 'confirming' ? await this.progress.applied(cycleId) : 0;
    return { ...found, items: found.items.map((line) => slateLineView(line, appliedThrough)) };
  }

  /** Amends a line of a draft slate; amending a prepared one sends the slate back to draft, to be prepared again. */
  async amend(cycleId: string, proposalId: string, body: AmendLine, by: string): Promise<SlateLineView> {
    assertState(await this.require(cycleId), ['closed', 'prepared'], 'amend the slate of');
    const line = await this.lines.findById(cycleId, proposalId);
    if (!line) throw new NotFoundError(`proposal ${proposalId} is not on the slate of ${cycleId}`);
    const amount = body.decision === 'approve' ? (body.amount ?? line.amountRequested) : 0;
    if (amount > line.amountRequested)
      throw new UnprocessableError('an approval cannot exceed the amount requested', [
        { field: 'amount', reason: `must be at most the amount requested (${line.amountRequested})` },
      ]);
    await this.cycles.modify(cycleId, (current) => {
      assertState(current, ['closed', 'prepared'], 'amend the slate of');
      return current.status === 'prepared' ? { change: { set: { status: 'closed' } }, result: null } : { change: null, result: null };
    });
    const decision = { decision: body.decision, amount, reason: body.reason, amendedBy: by, amendedAt: new Date() };
    const amended = await this.lines.amend(cycleId, proposalId, decision);
    if (!amended) throw new NotFoundError(`proposal ${proposalId} is not on the slate of ${cycleId}`);
    return slateLineView(amended, 0);
  }

  async prepare(cycleId: string, officerId: string): Promise<CycleView> {
    const cycle = await this.cycles.modify(cycleId, (current) => {
      assertState(current, ['closed'], 'prepare the slate of');
      const confirmation = { preparedBy: officerId, preparedAt: new Date(), applied: 0 };
      return { change: { set: { status: 'prepared', confirmation } }, result: { ...current, status: 'prepared' as const, confirmation } };
    });
    if (!cycle) throw new NotFoundError(`fund cycle ${cycleId} not found`);
    return cycleView(cycle, this.config.FUND_TIME_ZONE);
  }

  async confirm(cycleId: string, principal: Principal): Promise<CycleView> {
    const prepared = await this.require(cycleId);
    assertState(prepared, ['prepared'], 'confirm the slate of');
    if (prepared.confirmation?.preparedBy === principal.subject)
      throw new ForbiddenError('the slate must be confirmed by someone other than the fund officer who prepared it');
    // The approved total, streamed: the lines keep the amounts per proposal, the ledger one sum.
    let approved = 0;
    for await (const line of this.lines.cursor(cycleId)) if (line.decision.decision === 'approve') approved += line.decision.amount;
    const token = randomUUID();
    await this.ledger.commitSlate(cycleId, approved, token);
    const cycle = await this.cycles
      .modify(cycleId, (current) => {
        assertState(current, ['prepared'], 'confirm the slate of');
        const confirmation = { ...current.confirmation!, confirmedBy: principal.subject, confirmedAt: new Date() };
        return {
          change: { set: { status: 'confirming', confirmation } },
          result: { ...current, status: 'confirming' as const, confirmation },
        };
      })
      .catch(async (error: unknown) => {
        // The money was committed first. If the confirmation did not go through (an amendment sent the
        // slate back to draft meanwhile), release what this request committed, unless a concurrent
        // confirmation of the same slate went through (it then holds the commitment) or took it over.
        const now = await this.cycles.findById(cycleId);
        if (now && now.status !== 'confirming' && now.status !== 'confirmed') await this.ledger.releaseSlate(cycleId, token);
        throw error;
      });
    await this.scheduler.confirmNow(cycleId);
    return cycleView(cycle!, this.config.FUND_TIME_ZONE);
  }

  private async require(cycleId: string): Promise<FundCycleDocument> {
    const cycle = await this.cycles.findById(cycleId);
    if (!cycle) throw new NotFoundError(`fund cycle ${cycleId} not found`);
    return cycle;
  }
}

function assertState(cycle: FundCycleDocument, allowed: readonly CycleStatus[], action: string): void {
  if (!allowed.includes(cycle.status)) throw new ConflictError(`cannot ${action} a cycle that is ${cycle.status}`, { state: cycle.status });
}
