import { UnprocessableError, type FieldProblem } from '@ctip/errors';
import type { ProjectReport, Tranche, TrancheCondition } from './project.schema';

export interface PlannedTranche {
  trancheId?: string;
  amount: number;
  condition: TrancheCondition;
}

/**
 * A new disbursement schedule: the tranches must add up to `total` (the approved amount, or a change
 * request's new amount), and tranches already released stay in it unchanged — money paid out cannot be
 * re-planned. 422 naming each offending field otherwise.
 */
export function planTranches(input: PlannedTranche[], total: number, existing: Tranche[], newId: (index: number) => string): Tranche[] {
  const problems: FieldProblem[] = [];
  const byId = new Map(existing.map((t) => [t.trancheId, t]));
  const seen = new Set<string>();
  const tranches = input.map((item, index): Tranche => {
    if (item.trancheId === undefined) return { trancheId: newId(index), amount: item.amount, condition: item.condition, state: 'planned' };
    const previous = byId.get(item.trancheId);
    if (!previous) problems.push({ field: `tranches[${index}].trancheId`, reason: `no tranche ${item.trancheId} in this project` });
    else if (seen.has(item.trancheId)) problems.push({ field: `tranches[${index}].trancheId`, reason: 'appears twice' });
    else if (previous.state === 'released' && (previous.amount !== item.amount || previous.condition !== item.condition))
      problems.push({
        field: `tranches[${index}]`,
        reason: `tranche ${item.trancheId} is released: its amount and condition cannot change`,
      });
    seen.add(item.trancheId);
    return previous
      ? { ...previous, amount: item.amount, condition: item.condition }
      : { ...item, trancheId: item.trancheId, state: 'planned' };
  });
  for (const released of existing.filter((t) => t.state === 'released' && !seen.has(t.trancheId)))
    problems.push({ field: 'tranches', reason: `released tranche ${released.trancheId} must stay in the schedule` });
  const sum = input.reduce((acc, t) => acc + t.amount, 0);
  if (sum !== total) problems.push({ field: 'tranches', reason: `the tranches add up to ${sum}, not the approved amount of ${total}` });
  if (problems.length > 0) throw new UnprocessableError('the disbursement schedule does not fit the project', problems);
  return tranches;
}

/**
 * The conditions met so far: the agreement is signed; every interim (final) report of the schedule is
 * settled, accepted or waived — a waiver is the officer's decision that the report is not needed.
 */
export function conditionsMet(project: { agreement?: unknown; reports: ProjectReport[] }): Set<TrancheCondition> {
  const met = new Set<TrancheCondition>();
  if (project.agreement) met.add('on-signature');
  const settled = (prefix: string) => {
    const reports = project.reports.filter((r) => r.kind.startsWith(prefix));
    return reports.length > 0 && reports.every((r) => r.state === 'accepted' || r.state === 'waived');
  };
  if (settled('interim-')) met.add('interim-report-accepted');
  if (settled('final-')) met.add('final-report-accepted');
  return met;
}

/** Releases every planned tranche whose condition is met, recording who met it and when. */
export function releaseMet(tranches: Tranche[], met: Set<TrancheCondition>, by: string, at: Date): Tranche[] {
  return tranches.map((t) =>
    t.state === 'planned' && met.has(t.condition) ? { ...t, state: 'released', releasedBy: by, releasedAt: at } : t,
  );
}
