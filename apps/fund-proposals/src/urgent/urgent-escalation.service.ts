import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { PinoLogger } from 'nestjs-pino';
import { FundPeopleReader } from '../cycles/fund-people.reader';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { UrgentStage } from './urgent.jobs';
import type { TrackedUrgent } from './urgent-state';
import { facts } from './urgent.service';

/**
 * Reminds the fund officers at half the SLA and escalates to the head of unit when it expires. Harmless
 * when late or repeated: it acts only while the request is still undecided and that stage not yet sent,
 * recorded in the same write as its event.
 */
@Injectable()
export class UrgentEscalationService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly people: FundPeopleReader,
    private readonly outbox: Outbox,
    private readonly logger: PinoLogger,
  ) {}

  async escalate(proposalId: string, stage: UrgentStage, now = new Date()): Promise<void> {
    const [officers, heads] = await Promise.all([this.people.withRole('fund-officer'), this.people.withRole('head-of-unit')]);
    const personIds = stage === 'expired' ? (heads.length > 0 ? heads : officers) : officers.length > 0 ? officers : heads;
    await this.proposals.modify(proposalId, (current) => {
      const urgent = current.urgent as TrackedUrgent | undefined;
      if (current.status !== 'urgent-pending' || !urgent || urgent.escalations?.some((e) => e.stage === stage))
        return { change: null, result: null };
      const next: TrackedUrgent = { ...urgent, escalations: [...(urgent.escalations ?? []), { stage, at: now }] };
      if (personIds.length === 0) {
        this.logger.warn({ proposalId, stage }, 'urgent request past its deadline but nobody in the directory to escalate to');
        return { change: { set: { urgent: next } }, result: null };
      }
      const event = this.outbox.entry(TOPICS.fundUrgentEscalated, {
        ...facts(current),
        stage,
        decideBy: new Date(urgent.decideBy).toISOString(),
        recipients: { personIds },
        escalatedAt: now.toISOString(),
      });
      return { change: { set: { urgent: next }, events: [event] }, result: null };
    });
  }
}
