import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { PinoLogger } from 'nestjs-pino';
import { ProposalRepository } from '../proposals/proposal.repository';
import { DutyRotaService } from './duty-rota.service';
import type { UrgentStage } from './urgent.jobs';
import type { TrackedUrgent } from './urgent-state';
import { facts } from './urgent.service';

/**
 * Reminds the officer on duty and the backups (every fund officer without a rota) at half the SLA and
 * escalates to the head of unit when it expires. Harmless
 * when late or repeated: it acts only while the request is still undecided and that stage not yet sent,
 * recorded in the same write as its event.
 */
@Injectable()
export class UrgentEscalationService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly rota: DutyRotaService,
    private readonly outbox: Outbox,
    private readonly logger: PinoLogger,
  ) {}

  async escalate(proposalId: string, stage: UrgentStage, now = new Date()): Promise<void> {
    const onDuty = await this.rota.onDuty(now);
    const personIds = stage === 'expired' ? onDuty.expired : onDuty.reminder;
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
