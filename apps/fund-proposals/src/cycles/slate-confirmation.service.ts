import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { JobQueues } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { CarryOverService } from './carry-over.service';
import { ConfirmationProgressRepository } from './confirmation-progress.repository';
import { FundCycleRepository } from './fund-cycle.repository';
import { FundPeopleReader } from './fund-people.reader';
import { leasedRun } from './leased-run';
import { SlateDecisionWriter } from './slate-decision.writer';
import { SlateLineRepository, type SlateLine } from './slate-line.repository';

const BATCH = 200;
const DECISION = { approve: 'approved', defer: 'deferred', decline: 'declined' } as const;

/**
 * Applies a confirmed slate in batches of lines, in rank order: each line's decision is written on its
 * proposal with its decision event (`SlateDecisionWriter`: a guarded write, only while the proposal is
 * `on-slate` in this cycle, so a resumed or repeated run decides no proposal twice), then the rank reached
 * is saved (the progress, from which a resumed run goes on), and `confirming → confirmed` is written once
 * with `fund.slate.confirmed.v1`. Then the cycle's remainder is carried onward.
 */
@Injectable()
export class SlateConfirmationService {
  constructor(
    private readonly cycles: FundCycleRepository,
    private readonly lines: SlateLineRepository,
    private readonly progress: ConfirmationProgressRepository,
    private readonly writer: SlateDecisionWriter,
    private readonly people: FundPeopleReader,
    private readonly carryOver: CarryOverService,
    private readonly jobs: JobQueues,
    private readonly outbox: Outbox,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
    private readonly logger: PinoLogger,
  ) {}

  async applyDecisions(cycleId: string): Promise<void> {
    await leasedRun(this.jobs.redis, `${this.config.NAMESPACE ?? ''}:fund-confirm:${cycleId}`, async () => {
      const cycle = await this.cycles.findById(cycleId);
      if (!cycle || cycle.status !== 'confirming') return;
      // Lines are applied in rank order, a batch at a time: those up to the saved rank are done.
      const done = await this.progress.applied(cycleId);
      this.logger.info({ cycleId, applied: done }, 'applying the slate’s decisions');
      const counts = { approved: 0, deferred: 0, declined: 0 };
      const contacts = new Map<string, Promise<string[]>>();
      let batch: SlateLine[] = [];
      let lines = 0;
      const flush = async () => {
        const pending = batch.filter((line) => line.rank > done);
        const through = batch.at(-1)!.rank;
        batch = [];
        if (pending.length === 0) return;
        await this.writer.decide(cycle, pending, (line) => this.recipients(line, contacts));
        await this.progress.save(cycleId, through);
      };
      for await (const line of this.lines.cursor(cycleId)) {
        counts[DECISION[line.decision.decision]] += 1;
        lines += 1;
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      }
      if (batch.length > 0) await flush();
      await this.finish(cycleId, counts, lines);
      this.logger.info({ cycleId, ...counts }, 'slate confirmed');
    });
    await this.carryOver.onward(cycleId);
  }

  /** The organisation's fund contacts (read once per organisation and run), else the proposal's author. */
  private async recipients(line: SlateLine, contacts: Map<string, Promise<string[]>>): Promise<string[]> {
    if (!contacts.has(line.organisationId)) contacts.set(line.organisationId, this.people.fundContactsOf(line.organisationId));
    const found = await contacts.get(line.organisationId)!;
    return found.length > 0 ? found : [line.createdBy];
  }

  private async finish(cycleId: string, counts: { approved: number; deferred: number; declined: number }, applied: number): Promise<void> {
    await this.cycles.modify(cycleId, (current) => {
      if (current.status !== 'confirming') return { change: null, result: null };
      const confirmedAt = new Date(current.confirmation!.confirmedAt!);
      const event = this.outbox.entry(TOPICS.fundSlateConfirmed, {
        cycleId,
        confirmedAt: confirmedAt.toISOString(),
        ...counts,
        committed: { amount: current.committed, currency: current.currency },
        envelope: { amount: current.envelope, currency: current.currency },
      });
      return {
        change: { set: { status: 'confirmed', confirmation: { ...current.confirmation!, ...counts, applied } }, events: [event] },
        result: null,
      };
    });
  }
}
