import { Injectable } from '@nestjs/common';
import { TOPICS, type EventEnvelope } from '@ctip/contracts';
import { EventProducer } from '@ctip/messaging';
import { deterministicUuid } from '@ctip/persistence';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { DecisionState, ProposalDocument } from '../proposals/proposal.schema';
import type { FundCycleDocument } from './fund-cycle.schema';
import { nextCycleId } from './fund-time';
import type { SlateLine } from './slate-line.repository';

const DECISION = { approve: 'approved', defer: 'deferred', decline: 'declined' } as const;

/**
 * Writes a batch of a confirmed slate's decisions with few round trips: the batch's proposals read by
 * `_id`, one bulk write of the decisions (each guarded by the proposal's version and `on-slate`, so nothing
 * is decided twice; read back only when a guard failed), and one Kafka send of the decision events. The batch's slate lines are marked applied only after that send, so they are the outbox: a run
 * interrupted in between finds the lines unapplied and the proposals decided in this cycle, and publishes
 * their events again under the same ids (`deterministicUuid` of proposal and cycle), which consumers drop
 * as duplicates. A proposal that changed between the read and the write is redone alone through `modify`.
 */
@Injectable()
export class SlateDecisionWriter {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly producer: EventProducer,
  ) {}

  async decide(cycle: FundCycleDocument, lines: SlateLine[], recipientsOf: (line: SlateLine) => Promise<string[]>): Promise<void> {
    const ids = lines.map((line) => line.proposalId);
    const read = new Map((await this.proposals.findManyByIds(ids)).map((p) => [p._id, p]));
    const writes = lines.flatMap((line) => {
      const proposal = read.get(line.proposalId);
      if (!proposal || !this.pending(proposal, cycle)) return [];
      return [{ id: proposal._id, version: proposal.version, status: 'on-slate' as const, set: this.decision(cycle, line) }];
    });
    const written = await this.proposals.setMany(writes);

    // Read back only when a guard failed (a proposal changed since it was read): those are redone alone.
    let decided = written === writes.length ? this.afterWrites(read, writes) : await this.reread(ids);
    const raced = lines.filter((line) => {
      const proposal = decided.get(line.proposalId);
      return proposal !== undefined && this.pending(proposal, cycle);
    });
    if (raced.length > 0) {
      for (const line of raced) {
        await this.proposals.modify(line.proposalId, (proposal) =>
          this.pending(proposal, cycle) ? { change: { set: this.decision(cycle, line) }, result: null } : { change: null, result: null },
        );
      }
      decided = await this.reread(ids);
    }

    const envelopes: EventEnvelope[] = [];
    for (const line of lines) {
      const proposal = decided.get(line.proposalId);
      if (proposal && this.decidedHere(proposal, cycle)) envelopes.push(this.event(cycle, proposal, await recipientsOf(line)));
    }
    await this.producer.send(TOPICS.fundProposalDecided, envelopes);
  }

  private afterWrites(read: Map<string, ProposalDocument>, writes: { id: string; set: Partial<ProposalDocument> }[]) {
    const after = new Map(read);
    for (const write of writes) after.set(write.id, { ...read.get(write.id)!, ...write.set });
    return after;
  }

  private async reread(ids: string[]): Promise<Map<string, ProposalDocument>> {
    return new Map((await this.proposals.findManyByIds(ids)).map((p) => [p._id, p]));
  }

  private pending(proposal: ProposalDocument, cycle: FundCycleDocument): boolean {
    return proposal.status === 'on-slate' && proposal.cycleId === cycle._id;
  }

  private decidedHere(proposal: ProposalDocument, cycle: FundCycleDocument): boolean {
    return proposal.decision?.lane === 'quarterly' && proposal.decision.cycleId === cycle._id;
  }

  private decision(cycle: FundCycleDocument, line: SlateLine): Pick<ProposalDocument, 'status' | 'decision'> {
    const decision: DecisionState = {
      decision: DECISION[line.decision.decision],
      lane: 'quarterly',
      cycleId: cycle._id,
      amountApproved: line.decision.decision === 'approve' ? line.decision.amount : 0,
      ...(line.decision.reason ? { reason: line.decision.reason } : {}),
      ...(line.decision.decision === 'defer' ? { deferredTo: nextCycleId(cycle._id) } : {}),
      decidedAt: new Date(),
      confirmedBy: [cycle.confirmation!.preparedBy, cycle.confirmation!.confirmedBy!],
    };
    return { status: decision.decision, decision };
  }

  /** The decision event as stored: the same id and content however often it is published. */
  private event(cycle: FundCycleDocument, proposal: ProposalDocument, personIds: string[]): EventEnvelope {
    const decision = proposal.decision!;
    const decidedAt = new Date(decision.decidedAt);
    return this.producer.envelopes.build(
      TOPICS.fundProposalDecided,
      {
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
      },
      { id: deterministicUuid(TOPICS.fundProposalDecided, `${proposal._id}/${cycle._id}`), occurredAt: decidedAt },
    );
  }
}
