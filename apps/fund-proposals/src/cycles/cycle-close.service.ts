import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@ctip/errors';
import { Outbox } from '@ctip/outbox';
import { JobQueues } from '@ctip/scheduling';
import { TOPICS } from '@ctip/contracts';
import { PinoLogger } from 'nestjs-pino';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { ProposalDocument } from '../proposals/proposal.schema';
import type { ProposalStatus } from '../proposals/proposal-status';
import { CycleCloseScheduler } from './cycle-close.scheduler';
import { balanceOf } from './envelope-ledger';
import { FundCycleRepository } from './fund-cycle.repository';
import type { FundCycleDocument } from './fund-cycle.schema';
import { leasedRun } from './leased-run';
import { SLATE_SORT, SlateCutLine } from './slate-cut-line';
import { slateLineId, SlateLineRepository, type SlateLine } from './slate-line.repository';

const BATCH = 1_000;
/** Proposals that count for a later cycle: not reviewed yet (or reviewed after the cut-off). */
const ROLLING_OVER: ProposalStatus[] = ['submitted', 'in-consultation', 'eligible', 'in-review', 'reviewed'];

type Candidate = Pick<ProposalDocument, '_id' | 'proposalRef' | 'organisationId' | 'createdBy' | 'content' | 'review' | 'submittedAt'>;

/**
 * What a slate line takes from a proposal, and nothing else: a proposal's content (budget lines, results,
 * statements) and its reviews (scores, justifications) are most of its 2 KB, read and dropped again for
 * every proposal of the close (at 100,000 the fund's RSS after the close went from 431 to 407 MiB with
 * this projection; bench/quarterly-close).
 */
const CANDIDATE_FIELDS = {
  proposalRef: 1,
  organisationId: 1,
  createdBy: 1,
  submittedAt: 1,
  'review.weightedScore': 1,
  'content.title': 1,
  'content.countries': 1,
  'content.implementingPartnerIds': 1,
  'content.activityTypes': 1,
  'content.plannedStart': 1,
  'content.plannedEnd': 1,
  'content.budget.amountRequested': 1,
} as const;

/**
 * The quarterly close: the cycle moves `open → closing` once (a guarded write records who closed it, the
 * review cut-off and the money available), then the slate is built in three idempotent steps that any
 * instance may run again after a crash — proposals reviewed by the cut-off move to `on-slate` in one
 * update (which freezes the slate's membership), the lines are written in rank order in bulk with the
 * progress saved after each batch, and `closing → closed` is written once with its event.
 */
@Injectable()
export class CycleCloseService {
  constructor(
    private readonly cycles: FundCycleRepository,
    private readonly proposals: ProposalRepository,
    private readonly lines: SlateLineRepository,
    private readonly scheduler: CycleCloseScheduler,
    private readonly jobs: JobQueues,
    private readonly outbox: Outbox,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
    private readonly logger: PinoLogger,
  ) {}

  /** A close by hand: idempotent; the slate is built by the close job (202 while closing). */
  async closeByHand(cycleId: string, officerId: string, now = new Date()): Promise<FundCycleDocument> {
    const cycle = await this.begin(cycleId, { by: 'officer', officerId }, now);
    if (cycle.status === 'closing') await this.scheduler.runNow(cycleId);
    return cycle;
  }

  /** The scheduled close (job or start-up catch-up): begins the close if the cut-off has passed, then builds the slate. */
  async closeDue(cycleId: string, now = new Date()): Promise<void> {
    const cycle = await this.cycles.findById(cycleId);
    if (!cycle) return;
    if (cycle.status === 'open' && new Date(cycle.cutOff) <= now) await this.begin(cycleId, { by: 'schedule' }, now);
    await this.buildSlate(cycleId);
  }

  private async begin(cycleId: string, by: { by: 'schedule' | 'officer'; officerId?: string }, now: Date): Promise<FundCycleDocument> {
    const cycle = await this.cycles.modify(cycleId, (current) => {
      if (current.status !== 'open') return { change: null, result: current };
      const cutOff = new Date(current.cutOff);
      const closing = {
        ...by,
        startedAt: now,
        reviewedBy: cutOff < now ? cutOff : now,
        available: balanceOf(current).available,
        linesWritten: 0,
      };
      return { change: { set: { status: 'closing', closing } }, result: { ...current, status: 'closing' as const, closing } };
    });
    if (!cycle) throw new NotFoundError(`fund cycle ${cycleId} not found`);
    return cycle;
  }

  /** Builds (or finishes building) the slate of a closing cycle; does nothing for a cycle in any other state. */
  async buildSlate(cycleId: string): Promise<void> {
    await leasedRun(this.jobs.redis, `${this.config.NAMESPACE ?? ''}:fund-close:${cycleId}`, async () => {
      const cycle = await this.cycles.findById(cycleId);
      if (!cycle || cycle.status !== 'closing' || !cycle.closing) return;
      this.logger.info({ cycleId, resumeAfter: cycle.closing.linesWritten }, 'building the slate');
      await this.freezeMembers(cycle);
      const line = await this.writeLines(cycle);
      await this.finish(cycle, line);
      this.logger.info({ cycleId, lines: line.rank }, 'slate stored, cycle closed');
    });
  }

  private async freezeMembers(cycle: FundCycleDocument): Promise<void> {
    await this.proposals.model.updateMany(
      {
        status: { $in: ['reviewed', 'deferred'] },
        'review.weightedScore': { $exists: true },
        'review.reviewedAt': { $lte: new Date(cycle.closing!.reviewedBy) },
      },
      { $set: { status: 'on-slate', cycleId: cycle._id }, $inc: { version: 1 } },
    );
  }

  private async writeLines(cycle: FundCycleDocument): Promise<SlateCutLine> {
    const { closing } = cycle;
    const cutLine = new SlateCutLine(closing!.available, this.config.FUND_DECLINE_BELOW_SCORE);
    const cursor = this.proposals.model
      .find({ status: 'on-slate', cycleId: cycle._id })
      .select(CANDIDATE_FIELDS)
      .sort(SLATE_SORT)
      .lean<Candidate>()
      .cursor({ batchSize: BATCH });
    let batch: SlateLine[] = [];
    const flush = async () => {
      await this.lines.writeAll(batch);
      const written = cutLine.rank;
      batch = [];
      await this.cycles.modify(cycle._id, (c) =>
        c.status === 'closing' && c.closing
          ? { change: { set: { closing: { ...c.closing, linesWritten: written } } }, result: null }
          : { change: null, result: null },
      );
    };
    for await (const proposal of cursor) {
      const amountRequested = proposal.content.budget.amountRequested;
      const weightedScore = proposal.review?.weightedScore ?? 0;
      const { rank, proposed, amount } = cutLine.next({ proposalId: proposal._id, weightedScore, amountRequested });
      if (rank <= closing!.linesWritten) continue;
      batch.push({
        _id: slateLineId(cycle._id, proposal._id),
        cycleId: cycle._id,
        proposalId: proposal._id,
        proposalRef: proposal.proposalRef,
        organisationId: proposal.organisationId,
        createdBy: proposal.createdBy,
        title: proposal.content.title,
        countries: proposal.content.countries,
        implementingPartnerIds: proposal.content.implementingPartnerIds ?? [],
        activityTypes: proposal.content.activityTypes,
        plannedStart: proposal.content.plannedStart,
        plannedEnd: proposal.content.plannedEnd,
        rank,
        weightedScore,
        submittedAt: proposal.submittedAt ?? new Date(0),
        amountRequested,
        proposed: { decision: proposed, amount },
        decision: { decision: proposed, amount },
      });
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return cutLine;
  }

  private async finish(cycle: FundCycleDocument, cutLine: SlateCutLine): Promise<void> {
    const rolledOver = await this.proposals.model.countDocuments({ status: { $in: ROLLING_OVER } });
    const closedAt = new Date();
    const slate = {
      lines: cutLine.rank,
      proposedForApproval: cutLine.proposedForApproval,
      proposedAmount: cutLine.proposedAmount,
      rolledOver,
    };
    await this.cycles.modify(cycle._id, (current) => {
      if (current.status !== 'closing') return { change: null, result: null };
      const event = this.outbox.entry(TOPICS.fundCycleClosed, {
        cycleId: current._id,
        closedAt: closedAt.toISOString(),
        closedBy: current.closing!.by,
        proposalsOnSlate: slate.lines,
        proposedForApproval: slate.proposedForApproval,
        rolledOver,
        envelope: { amount: current.envelope, currency: current.currency },
      });
      return { change: { set: { status: 'closed', closedAt, slate }, events: [event] }, result: null };
    });
  }
}
