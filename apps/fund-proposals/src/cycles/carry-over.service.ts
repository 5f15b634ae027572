import { Inject, Injectable } from '@nestjs/common';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { laneLimits } from './envelope-ledger';
import { FundCycleRepository } from './fund-cycle.repository';
import type { FundCycleDocument } from './fund-cycle.schema';

/**
 * Adds what earlier quarters left uncommitted to a later, still open cycle's envelope. A quarter's
 * remainder is known once its slate is confirmed, so this runs when a cycle is created (from every
 * confirmed earlier cycle not yet carried) and when a slate is confirmed (into the next open cycle).
 * Two guarded writes, each idempotent: the earlier cycle records where its remainder went (and from then on
 * commits nothing more), the later one adds it under the earlier one's id; a crash between the two is
 * repaired by the next run, which finds the first write without the second.
 */
@Injectable()
export class CarryOverService {
  constructor(
    private readonly cycles: FundCycleRepository,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  reserveOf(envelope: number): number {
    return Math.floor((envelope * this.config.FUND_URGENT_RESERVE_PERCENT) / 100);
  }

  /** Carries the remainder of every confirmed cycle before `targetId` into it, if it is still open. */
  async into(targetId: string, at = new Date()): Promise<void> {
    const earlier = (await this.cycles.inStatus(['confirmed'])).filter(
      (c) => c._id < targetId && (!c.carriedOut || c.carriedOut.to === targetId),
    );
    for (const source of earlier) {
      const settled = source.carriedOut ? source : await this.markCarried(source._id, targetId, at);
      if (!settled?.carriedOut || settled.carriedOut.to !== targetId) continue;
      const amount = settled.carriedOut.quarterly + settled.carriedOut.urgent;
      await this.cycles.modify(targetId, (target) => {
        if (target.status !== 'open' || target.carriedIn[source._id] !== undefined) return { change: null, result: null };
        const envelope = target.envelope + amount;
        return {
          change: {
            set: {
              carriedIn: { ...target.carriedIn, [source._id]: amount },
              carryOver: target.carryOver + amount,
              envelope,
              urgentReserve: this.reserveOf(envelope),
            },
          },
          result: null,
        };
      });
    }
  }

  /** Carries into the open cycle after `cycleId`, if there is one yet. */
  async onward(cycleId: string): Promise<void> {
    const [next] = (await this.cycles.inStatus(['open'])).filter((c) => c._id > cycleId).sort((a, b) => a._id.localeCompare(b._id));
    if (next) await this.into(next._id);
  }

  private markCarried(sourceId: string, targetId: string, at: Date): Promise<FundCycleDocument | null> {
    return this.cycles.modify(sourceId, (source) => {
      if (source.carriedOut) return { change: null, result: source };
      const limits = laneLimits(source);
      const carriedOut = {
        to: targetId,
        quarterly: limits.quarterly - source.committed,
        urgent: limits.urgent - source.urgentCommitted,
        at,
      };
      return { change: { set: { carriedOut } }, result: { ...source, carriedOut } };
    });
  }
}
