import { dateTimeFormat } from '@ctip/contracts';
import type { LedgerBalance } from '../cycles/envelope-ledger';
import type { ProposalDocument } from '../proposals/proposal.schema';

/** What a report reads of a proposal. */
export type ReportedProposal = Pick<ProposalDocument, '_id' | 'status' | 'submittedAt' | 'cycleId' | 'decision' | 'urgent'>;

export interface Distribution {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface CycleReport {
  cycleId: string;
  currency: string;
  proposals: { received: number; decided: number; approved: number; deferred: number; declined: number };
  amountApproved: { quarterly: number; urgent: number; total: number };
  /** From the cycle's ledger; null when the cycle has no envelope yet. */
  envelope: Omit<LedgerBalance, 'cycleId'> | null;
  timeToDecision: Distribution;
  urgent: { decided: number; slaKept: number; slaMissed: number; pendingWithinSla: number; pendingOverdue: number };
}

/**
 * The per-cycle figures ODIHR reports on, computed from proposals and the cycle's ledger — no I/O.
 * A proposal is *received* in the quarter its `submittedAt` falls in (in the fund's time zone) and
 * *decided* in the cycle its decision names. Time to decision runs from `submittedAt` to
 * `decision.decidedAt`. An urgent request kept its SLA when decided by `urgent.decideBy`; one still
 * undecided counts as pending, overdue once `decideBy` has passed (`now`).
 */
export class CycleReportCalculator {
  constructor(private readonly timeZone: string) {}

  report(input: {
    cycleId: string;
    currency: string;
    proposals: readonly ReportedProposal[];
    balance: LedgerBalance | null;
    now: Date;
  }): CycleReport {
    const { cycleId, proposals, now } = input;
    const received = proposals.filter((p) => p.submittedAt && this.quarterOf(new Date(p.submittedAt)) === cycleId);
    const decided = proposals.filter((p) => p.decision?.cycleId === cycleId);
    const of = (decision: 'approved' | 'deferred' | 'declined') => decided.filter((p) => p.decision!.decision === decision);
    const approved = of('approved');
    const sum = (lane: 'quarterly' | 'urgent') =>
      approved.filter((p) => p.decision!.lane === lane).reduce((total, p) => total + p.decision!.amountApproved, 0);

    const durations = decided
      .filter((p) => p.submittedAt)
      .map((p) => new Date(p.decision!.decidedAt).getTime() - new Date(p.submittedAt!).getTime())
      .filter((ms) => ms >= 0);

    const urgentDecided = decided.filter((p) => p.decision!.lane === 'urgent' && p.urgent);
    const kept = urgentDecided.filter((p) => new Date(p.decision!.decidedAt) <= new Date(p.urgent!.decideBy)).length;
    const urgentPending = proposals.filter(
      (p) => p.status === 'urgent-pending' && p.urgent && this.quarterOf(new Date(p.urgent.requestedAt)) === cycleId,
    );
    const overdue = urgentPending.filter((p) => new Date(p.urgent!.decideBy) < now).length;

    const { cycleId: _id, ...envelope } = input.balance ?? { cycleId };
    return {
      cycleId,
      currency: input.currency,
      proposals: {
        received: received.length,
        decided: decided.length,
        approved: approved.length,
        deferred: of('deferred').length,
        declined: of('declined').length,
      },
      amountApproved: { quarterly: sum('quarterly'), urgent: sum('urgent'), total: sum('quarterly') + sum('urgent') },
      envelope: input.balance ? (envelope as Omit<LedgerBalance, 'cycleId'>) : null,
      timeToDecision: distribution(durations),
      urgent: {
        decided: urgentDecided.length,
        slaKept: kept,
        slaMissed: urgentDecided.length - kept,
        pendingWithinSla: urgentPending.length - overdue,
        pendingOverdue: overdue,
      },
    };
  }

  /** `2027-Q1` for an instant, in the fund's time zone. */
  quarterOf(at: Date): string {
    const parts = dateTimeFormat('en-CA', { timeZone: this.timeZone, year: 'numeric', month: 'numeric' }).formatToParts(at);
    const year = parts.find((p) => p.type === 'year')!.value;
    const month = Number(parts.find((p) => p.type === 'month')!.value);
    return `${year}-Q${Math.ceil(month / 3)}`;
  }
}

/** Median and 90th percentile, linearly interpolated between the closest ranks (as spreadsheets' PERCENTILE does). */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, medianMs: null, p90Ms: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const rank = q * (sorted.length - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    return Math.round(sorted[low] + (sorted[high] - sorted[low]) * (rank - low));
  };
  return { count: sorted.length, medianMs: at(0.5), p90Ms: at(0.9) };
}
