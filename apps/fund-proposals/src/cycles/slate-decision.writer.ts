import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { DecisionState, ProposalDocument } from '../proposals/proposal.schema';
import type { FundCycleDocument } from './fund-cycle.schema';
import { nextCycleId } from './fund-time';
import type { SlateLine } from './slate-line.repository';

const DECISION = { approve: 'approved', defer: 'deferred', decline: 'declined' } as const;

const PARALLEL = 16;

/**
 * Writes a batch of a confirmed slate's decisions on their proposals, 16 at a time: each through
 * `ProposalRepository.modify`, one version-guarded write of the decision and its event, only while the
 * proposal is `on-slate` in this cycle — so a repeated or resumed batch decides nothing twice.
 */
@Injectable()
export class SlateDecisionWriter {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly outbox: Outbox,
  ) {}

  async decide(cycle: FundCycleDocument, lines: SlateLine[], recipientsOf: (line: SlateLine) => Promise<string[]>): Promise<void> {
    for (let i = 0; i < lines.length; i += PARALLEL) {
      await Promise.all(
        lines.slice(i, i + PARALLEL).map(async (line) => {
          const personIds = await recipientsOf(line);
          await this.proposals.modify(line.proposalId, (proposal) => {
            if (!this.pending(proposal, cycle)) return { change: null, result: null };
            const { set, event } = this.decision(cycle, line, proposal, personIds);
            return { change: { set, events: [event] }, result: null };
          });
        }),
      );
    }
  }

  private pending(proposal: ProposalDocument, cycle: FundCycleDocument): boolean {
    return proposal.status === 'on-slate' && proposal.cycleId === cycle._id;
  }

  private decision(cycle: FundCycleDocument, line: SlateLine, proposal: ProposalDocument, personIds: string[]) {
    const decidedAt = new Date();
    const decision: DecisionState = {
      decision: DECISION[line.decision.decision],
      lane: 'quarterly',
      cycleId: cycle._id,
      amountApproved: line.decision.decision === 'approve' ? line.decision.amount : 0,
      ...(line.decision.reason ? { reason: line.decision.reason } : {}),
      ...(line.decision.decision === 'defer' ? { deferredTo: nextCycleId(cycle._id) } : {}),
      decidedAt,
      confirmedBy: [cycle.confirmation!.preparedBy, cycle.confirmation!.confirmedBy!],
    };
    const event = this.outbox.entry(TOPICS.fundProposalDecided, {
      proposalId: proposal._id,
      proposalRef: proposal.proposalRef,
      title: proposal.content.title,
      organisationId: proposal.organisationId,
      countries: proposal.content.countries,
      decision: decision.decision,
      lane: 'quarterly',
      cycleId: cycle._id,
      amountApproved: { amount: decision.amountApproved, currency: cycle.currency },
      ...(decision.deferredTo ? { deferredTo: decision.deferredTo } : {}),
      recipients: { personIds },
      decidedAt: decidedAt.toISOString(),
    });
    return { set: { status: decision.decision, decision }, event };
  }
}
