import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { EventProducer } from '@ctip/messaging';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { DecisionState, ProposalDocument } from '../proposals/proposal.schema';
import type { FundCycleDocument } from './fund-cycle.schema';
import { nextCycleId } from './fund-time';
import type { SlateLine } from './slate-line.repository';

const DECISION = { approve: 'approved', defer: 'deferred', decline: 'declined' } as const;

/**
 * Writes a batch of a confirmed slate's decisions on their proposals in bulk: one read, one bulk write of
 * single-document updates each guarded by the proposal's version and `on-slate` in this cycle (so each is
 * the same atomic state-and-event write `ProposalRepository.modify` makes, and a repeated batch decides
 * nothing twice), one Kafka request for the events, one bulk removal of the published outbox entries.
 * A proposal changed meanwhile (its guard failed) is decided through `modify`, one at a time. Per proposal,
 * `modify` would cost two reads, two writes and a Kafka round trip: 10,000 of them took minutes.
 */
@Injectable()
export class SlateDecisionWriter {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly outbox: Outbox,
    private readonly producer: EventProducer,
  ) {}

  async decide(cycle: FundCycleDocument, lines: SlateLine[], recipientsOf: (line: SlateLine) => Promise<string[]>): Promise<void> {
    if (lines.length === 0) return;
    const recipients = new Map(await Promise.all(lines.map(async (line) => [line.proposalId, await recipientsOf(line)] as const)));
    const current = await this.proposals.findManyByIds(lines.map((line) => line.proposalId));
    const byId = new Map(current.map((p) => [p._id, p]));
    const operations = lines.flatMap((line) => {
      const proposal = byId.get(line.proposalId);
      if (!proposal || !this.pending(proposal, cycle)) return [];
      const { set, event } = this.decision(cycle, line, proposal, recipients.get(line.proposalId)!);
      return [
        {
          updateOne: {
            filter: { _id: proposal._id, version: proposal.version, status: 'on-slate', cycleId: cycle._id },
            update: { $set: set, $inc: { version: 1 }, $push: { outbox: event } },
          },
        },
      ];
    });
    if (operations.length > 0) await this.proposals.model.bulkWrite(operations as never, { ordered: false });
    const after = await this.proposals.findManyByIds(lines.map((line) => line.proposalId));
    await this.publish(after);
    for (const proposal of after.filter((p) => this.pending(p, cycle))) {
      const line = lines.find((l) => l.proposalId === proposal._id)!;
      await this.proposals.modify(proposal._id, (latest) => {
        if (!this.pending(latest, cycle)) return { change: null, result: null };
        const { set, event } = this.decision(cycle, line, latest, recipients.get(line.proposalId)!);
        return { change: { set, events: [event] }, result: null };
      });
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

  /**
   * Publishes what the batch's proposals hold in their outboxes (this batch's events, and any a crash left),
   * each proposal's in stored order, then removes exactly those entries (`$pullAll`, as the outbox does).
   */
  private async publish(proposals: ProposalDocument[]): Promise<void> {
    const held = proposals.filter((p) => p.outbox.length > 0);
    const entries = held.flatMap((p) => p.outbox).sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
    const byTopic = new Map<string, OutboxEntry[]>();
    for (const entry of entries) byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry]);
    for (const [topic, list] of byTopic)
      await this.producer.send(
        topic,
        list.map((e) => e.envelope),
      );
    if (held.length > 0)
      await this.proposals.model.collection.bulkWrite(
        held.map((p) => ({ updateOne: { filter: { _id: p._id }, update: { $pullAll: { outbox: p.outbox } } } })) as never,
        { ordered: false },
      );
  }
}
