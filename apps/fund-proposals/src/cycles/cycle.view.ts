import { balanceOf } from './envelope-ledger';
import type { FundCycleDocument } from './fund-cycle.schema';
import { fundLocalIso } from './fund-time';
import type { CycleView, SlateLineView } from './cycle.dto';
import type { SlateLine } from './slate-line.repository';

const iso = (date: Date | string) => new Date(date).toISOString();

/** A cycle as the API shows it: dates in UTC and in the fund's time zone, its balance, never the per-proposal commitments. */
export function cycleView(cycle: FundCycleDocument, timeZone: string): CycleView {
  const { closing, confirmation } = cycle;
  return {
    cycleId: cycle._id,
    status: cycle.status,
    timeZone,
    cutOff: iso(cycle.cutOff),
    cutOffLocal: fundLocalIso(new Date(cycle.cutOff), timeZone),
    decisionDate: iso(cycle.decisionDate),
    decisionDateLocal: fundLocalIso(new Date(cycle.decisionDate), timeZone),
    currency: cycle.currency,
    quarterAmount: cycle.quarterAmount,
    carryOver: cycle.carryOver,
    ...(cycle.carriedOut ? { carriedOverTo: cycle.carriedOut.to } : {}),
    balance: balanceOf(cycle),
    ...(closing ? { closing: { by: closing.by, startedAt: iso(closing.startedAt), linesWritten: closing.linesWritten } } : {}),
    ...(cycle.closedAt ? { closedAt: iso(cycle.closedAt) } : {}),
    ...(cycle.slate ? { slate: cycle.slate } : {}),
    ...(confirmation && !['open', 'closing', 'closed'].includes(cycle.status)
      ? {
          confirmation: {
            ...confirmation,
            preparedAt: iso(confirmation.preparedAt),
            confirmedAt: confirmation.confirmedAt ? iso(confirmation.confirmedAt) : undefined,
          },
        }
      : {}),
  };
}

/** A slate line; `appliedThrough` is the rank up to which the confirmation has decided the lines. */
export function slateLineView(line: SlateLine, appliedThrough: number): SlateLineView {
  const { decision } = line;
  return {
    proposalId: line.proposalId,
    proposalRef: line.proposalRef,
    organisationId: line.organisationId,
    title: line.title,
    countries: line.countries,
    rank: line.rank,
    weightedScore: line.weightedScore,
    amountRequested: line.amountRequested,
    proposed: line.proposed,
    decision: { ...decision, amendedAt: decision.amendedAt ? iso(decision.amendedAt) : undefined },
    applied: line.rank <= appliedThrough,
  };
}
