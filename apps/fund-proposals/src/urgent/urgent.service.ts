import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@ctip/errors';
import { Outbox } from '@ctip/outbox';
import { JobQueues } from '@ctip/scheduling';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { EnvelopeLedger } from '../cycles/envelope-ledger';
import { FundCycleRepository } from '../cycles/fund-cycle.repository';
import { FundPeopleReader } from '../cycles/fund-people.reader';
import { assertMove, assertStatus } from '../proposals/proposal-status';
import { ProposalRepository } from '../proposals/proposal.repository';
import type { DecisionState, ProposalDocument } from '../proposals/proposal.schema';
import { DutyRotaService } from './duty-rota.service';
import type { ProposeUrgentDecision, RequestUrgent, UrgentView } from './urgent.dto';
import { urgentEscalationJob, urgentJobId } from './urgent.jobs';
import type { TrackedUrgent } from './urgent-state';
import { urgentView } from './urgent.view';

/**
 * The urgent fast-track: an applicant's request skips the quarter (`urgent-pending`, due within
 * FUND_URGENT_SLA_MS); a fund officer proposes a decision and a different officer or committee member
 * confirms it (four-eyes); an approval draws on the urgent reserve of the current cycle (the open one whose
 * cut-off is next), committed before the decision is written, so a refusal writes nothing.
 */
@Injectable()
export class UrgentService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly cycles: FundCycleRepository,
    private readonly ledger: EnvelopeLedger,
    private readonly people: FundPeopleReader,
    private readonly rota: DutyRotaService,
    private readonly jobs: JobQueues,
    private readonly outbox: Outbox,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  async request(proposalId: string, body: RequestUrgent, applicant: Principal, now = new Date()): Promise<UrgentView> {
    const proposal = await this.readable(proposalId, applicant);
    assertMove(proposal.status, 'urgent-pending', 'fast-track');
    const personIds = (await this.rota.onDuty(now)).requested;
    if (personIds.length === 0) throw new ConflictError('no fund officer or head of unit in the directory to alert', { onDuty: 0 });
    const decideBy = new Date(now.getTime() + this.config.FUND_URGENT_SLA_MS);
    const updated = await this.proposals.modify(proposalId, (current) => {
      assertMove(current.status, 'urgent-pending', 'fast-track');
      const urgent: TrackedUrgent = { justification: body.justification, requestedAt: now, decideBy, decisions: [], escalations: [] };
      if (body.caseRef) urgent.caseRef = body.caseRef;
      const event = this.outbox.entry(TOPICS.fundUrgentRequested, {
        ...facts(current),
        amountRequested: { amount: current.content.budget.amountRequested, currency: current.content.budget.currency },
        decideBy: decideBy.toISOString(),
        recipients: { personIds },
        requestedAt: now.toISOString(),
      });
      const set = { status: 'urgent-pending' as const, urgent, cycleId: 'urgent' };
      return { change: { set, events: [event] }, result: { ...current, ...set } };
    });
    return urgentView(updated!);
  }

  async propose(proposalId: string, body: ProposeUrgentDecision, officerId: string, now = new Date()): Promise<UrgentView> {
    const updated = await this.proposals.modify(proposalId, (current) => {
      assertStatus(current.status, ['urgent-pending'], 'propose an urgent decision on');
      // Proposing again replaces a proposal not yet confirmed (e.g. a smaller amount after a 409 on the reserve).
      const urgent = current.urgent!;
      const amount = body.decision === 'approve' ? (body.amount ?? current.content.budget.amountRequested) : undefined;
      if (amount !== undefined && amount > current.content.budget.amountRequested)
        throw new UnprocessableError('an approval cannot exceed the amount requested', [
          { field: 'amount', reason: `must be at most the amount requested (${current.content.budget.amountRequested})` },
        ]);
      const proposed = {
        by: officerId,
        decision: body.decision,
        at: now,
        ...(amount !== undefined ? { amount } : {}),
        ...(body.reason ? { reason: body.reason } : {}),
      };
      const next = { ...urgent, decisions: [proposed] };
      return { change: { set: { urgent: next } }, result: { ...current, urgent: next } };
    });
    if (!updated) throw new NotFoundError(`proposal ${proposalId} not found`);
    return urgentView(updated);
  }

  async confirm(proposalId: string, confirmer: Principal, now = new Date()): Promise<UrgentView> {
    const proposal = await this.require(proposalId);
    assertStatus(proposal.status, ['urgent-pending'], 'confirm an urgent decision on');
    const proposed = proposal.urgent!.decisions[0];
    if (!proposed) throw new ConflictError('no decision is proposed yet', { status: proposal.status, proposed: null });
    if (proposed.by === confirmer.subject)
      throw new ForbiddenError('an urgent decision must be confirmed by someone other than its proposer');
    const cycle = await this.cycles.current(now);
    if (proposed.decision === 'approve') {
      if (!cycle) throw new ConflictError('no open cycle whose urgent reserve could cover this', { available: 0 });
      await this.ledger.commit(cycle._id, [{ proposalId, amount: proposed.amount!, lane: 'urgent' }], now);
    }
    const [contacts, cycleId] = [await this.people.fundContactsOf(proposal.organisationId), cycle?._id ?? fallbackCycle(now)];
    const updated = await this.decide(proposalId, proposed, confirmer, cycleId, contacts, now).catch(async (error: unknown) => {
      // The money was committed first; a decision that was not written must not keep it. Whatever the
      // proposal holds now (a concurrent confirmation may have approved it) is what stays committed.
      if (proposed.decision === 'approve' && cycle) await this.releaseUnwritten(proposalId, cycle._id, now);
      throw error;
    });
    // The reminder and the expiry are moot now; one that fires anyway finds the proposal decided.
    await Promise.all(
      (['reminder', 'expired'] as const).map((stage) =>
        this.jobs.remove(urgentEscalationJob, urgentJobId(proposalId, stage)).catch(() => false),
      ),
    );
    return urgentView(updated);
  }

  private async releaseUnwritten(proposalId: string, cycleId: string, now: Date): Promise<void> {
    const current = await this.proposals.findById(proposalId);
    const kept = current?.status === 'approved' && current.decision?.lane === 'urgent' ? current.decision.amountApproved : 0;
    await this.ledger.commit(cycleId, [{ proposalId, amount: kept, lane: 'urgent' }], now);
  }

  private async decide(
    proposalId: string,
    proposed: NonNullable<ProposalDocument['urgent']>['decisions'][number],
    confirmer: Principal,
    cycleId: string,
    contacts: string[],
    now: Date,
  ): Promise<ProposalDocument> {
    const updated = await this.proposals.modify(proposalId, (current) => {
      assertStatus(current.status, ['urgent-pending'], 'confirm an urgent decision on');
      const stillProposed = current.urgent!.decisions[0];
      if (stillProposed?.by !== proposed.by || new Date(stillProposed.at).getTime() !== new Date(proposed.at).getTime())
        throw new ConflictError('the proposed decision changed meanwhile; read it again', { status: current.status });
      const decision: DecisionState = {
        decision: proposed.decision === 'approve' ? 'approved' : 'declined',
        lane: 'urgent',
        cycleId,
        amountApproved: proposed.amount ?? 0,
        ...(proposed.reason ? { reason: proposed.reason } : {}),
        decidedAt: now,
        confirmedBy: [proposed.by, confirmer.subject],
      };
      const urgent = {
        ...current.urgent!,
        decisions: [...current.urgent!.decisions, { by: confirmer.subject, decision: proposed.decision, at: now }],
      };
      const event = this.outbox.entry(TOPICS.fundProposalDecided, {
        ...facts(current),
        decision: decision.decision,
        lane: 'urgent',
        cycleId,
        amountApproved: { amount: decision.amountApproved, currency: current.content.budget.currency },
        recipients: { personIds: contacts.length > 0 ? contacts : [current.createdBy] },
        decidedAt: now.toISOString(),
      });
      const set = { status: decision.decision, decision, urgent };
      return { change: { set, events: [event] }, result: { ...current, ...set } };
    });
    if (!updated) throw new NotFoundError(`proposal ${proposalId} not found`);
    return updated;
  }

  async read(proposalId: string): Promise<UrgentView> {
    const proposal = await this.require(proposalId);
    if (!proposal.urgent) throw new NotFoundError(`proposal ${proposalId} has no urgent request`);
    return urgentView(proposal);
  }

  private async readable(proposalId: string, principal: Principal): Promise<ProposalDocument> {
    const proposal = await this.require(proposalId);
    // An applicant sees only their organisation's proposals: another's answers as if it did not exist.
    if (proposal.organisationId !== principal.organisationId) throw new NotFoundError(`proposal ${proposalId} not found`);
    return proposal;
  }

  private async require(proposalId: string): Promise<ProposalDocument> {
    const proposal = await this.proposals.findById(proposalId);
    if (!proposal) throw new NotFoundError(`proposal ${proposalId} not found`);
    return proposal;
  }
}

export function facts(p: ProposalDocument) {
  return {
    proposalId: p._id,
    proposalRef: p.proposalRef,
    title: p.content.title,
    organisationId: p.organisationId,
    countries: p.content.countries,
  };
}

/** A declined urgent request when no cycle is open names the quarter it was decided in. */
function fallbackCycle(now: Date): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}
