import { Injectable } from '@nestjs/common';
import { TOPICS, type EventEnvelope } from '@ctip/contracts';
import { EventProducer } from '@ctip/messaging';
import { deterministicUuid } from '@ctip/persistence';
import { ProjectOpeningService } from '../projects/project-opening.service';
import type { Approval } from '../proposals/approval';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { DecisionState, ProposalDocument } from '../proposals/proposal.schema';
import type { FundCycleDocument } from './fund-cycle.schema';
import { nextCycleId } from './fund-time';
import type { SlateLine } from './slate-line.repository';

const DECISION = { approve: 'approved', defer: 'deferred', decline: 'declined' } as const;

/**
 * Writes a batch of a confirmed slate's decisions: one bulk write of the decisions, each only where the
 * proposal is still `on-slate` in this cycle (so nothing is decided twice), the approvals' projects and
 * public-list entries in one insert each, and one Kafka send of the decision events, all built from the
 * slate lines (which hold the proposal's reference, title, organisation, countries and public facts as
 * frozen at the close). The confirmation's progress moves past the batch only after that send, so the
 * lines are the outbox: a run interrupted in between finds the batch's proposals decided in this cycle,
 * opens what is missing and publishes their events again under the same ids (`deterministicUuid` of
 * proposal and cycle), which consumers drop as duplicates.
 */
@Injectable()
export class SlateDecisionWriter {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly producer: EventProducer,
    private readonly opening: ProjectOpeningService,
  ) {}

  async decide(cycle: FundCycleDocument, lines: SlateLine[], recipientsOf: (line: SlateLine) => Promise<string[]>): Promise<void> {
    const decidedAt = new Date();
    const writes = lines.map((line) => ({
      id: line.proposalId,
      where: { status: 'on-slate' as const, cycleId: cycle._id },
      set: { status: DECISION[line.decision.decision], decision: this.decision(cycle, line, decidedAt) },
    }));
    const written = await this.proposals.setWhere(writes);
    // All written: the decisions are the ones just written. Otherwise a resumed run found some decided
    // already (or a proposal left the slate): read the batch back and announce what is stored.
    const decided =
      written === writes.length
        ? new Map(writes.map((w) => [w.id, w.set.decision]))
        : new Map(
            (await this.proposals.findManyByIds(lines.map((line) => line.proposalId)))
              .filter((p) => this.decidedHere(p, cycle))
              .map((p) => [p._id, p.decision!]),
          );
    // The approvals' projects and public-list entries, before the events: a run interrupted after the
    // decisions opens them when it resumes (they are kept if there already).
    await this.opening.openAll(
      lines.flatMap((line) => {
        const decision = decided.get(line.proposalId);
        return decision?.decision === 'approved' ? [this.approval(cycle, line, decision)] : [];
      }),
    );
    const envelopes: EventEnvelope[] = [];
    for (const line of lines) {
      const decision = decided.get(line.proposalId);
      if (decision) envelopes.push(this.event(cycle, line, decision, await recipientsOf(line)));
    }
    await this.producer.send(TOPICS.fundProposalDecided, envelopes);
  }

  private approval(cycle: FundCycleDocument, line: SlateLine, decision: DecisionState): Approval {
    return {
      proposalId: line.proposalId,
      proposalRef: line.proposalRef,
      title: line.title,
      organisationId: line.organisationId,
      countries: line.countries,
      implementingPartnerIds: line.implementingPartnerIds,
      activityTypes: line.activityTypes,
      plannedStart: line.plannedStart,
      plannedEnd: line.plannedEnd,
      submittedBy: line.createdBy,
      cycleId: cycle._id,
      lane: 'quarterly',
      amountApproved: { amount: decision.amountApproved, currency: cycle.currency },
      decidedAt: new Date(decision.decidedAt),
    };
  }

  private decidedHere(proposal: ProposalDocument, cycle: FundCycleDocument): boolean {
    return proposal.decision?.lane === 'quarterly' && proposal.decision.cycleId === cycle._id;
  }

  private decision(cycle: FundCycleDocument, line: SlateLine, decidedAt: Date): DecisionState {
    return {
      decision: DECISION[line.decision.decision],
      lane: 'quarterly',
      cycleId: cycle._id,
      amountApproved: line.decision.decision === 'approve' ? line.decision.amount : 0,
      ...(line.decision.reason ? { reason: line.decision.reason } : {}),
      ...(line.decision.decision === 'defer' ? { deferredTo: nextCycleId(cycle._id) } : {}),
      decidedAt,
      confirmedBy: [cycle.confirmation!.preparedBy, cycle.confirmation!.confirmedBy!],
    };
  }

  /** The decision event as stored: the same id and content however often it is published. */
  private event(cycle: FundCycleDocument, line: SlateLine, decision: DecisionState, personIds: string[]): EventEnvelope {
    const decidedAt = new Date(decision.decidedAt);
    return this.producer.envelopes.build(
      TOPICS.fundProposalDecided,
      {
        proposalId: line.proposalId,
        proposalRef: line.proposalRef,
        title: line.title,
        organisationId: line.organisationId,
        countries: line.countries,
        decision: decision.decision,
        lane: 'quarterly',
        cycleId: cycle._id,
        amountApproved: { amount: decision.amountApproved, currency: cycle.currency },
        ...(decision.deferredTo ? { deferredTo: decision.deferredTo } : {}),
        recipients: { personIds },
        decidedAt: decidedAt.toISOString(),
      },
      { id: deterministicUuid(TOPICS.fundProposalDecided, `${line.proposalId}/${cycle._id}`), occurredAt: decidedAt },
    );
  }
}
