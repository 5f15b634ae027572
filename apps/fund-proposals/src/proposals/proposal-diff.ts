import { isDeepStrictEqual } from 'node:util';
import type { BudgetLine, ProposalContent } from './proposal.schema';

export interface FieldChange {
  /** A dotted path into the content, e.g. `budget.amountRequested` or `criteriaStatements.impact`. */
  field: string;
  before: unknown;
  after: unknown;
}

export interface BudgetLineChanges {
  added: BudgetLine[];
  removed: BudgetLine[];
  changed: { category: string; description: string; before: number; after: number }[];
}

export interface VersionComparison {
  changes: FieldChange[];
  budgetLines: BudgetLineChanges;
}

/** Fields compared as a whole: lists whose order or items matter as one value. */
const WHOLE = ['title', 'summary', 'language', 'countries', 'implementingPartnerIds', 'activityTypes', 'targetGroups'] as const;

/**
 * A field-by-field comparison of two versions' content. Budget lines are matched by category and
 * description: a line whose amount moved is `changed`, others are `added` or `removed`; the totals
 * (co-funding, amount requested, currency) and each criterion statement are fields of their own.
 */
export function compareContent(before: ProposalContent, after: ProposalContent): VersionComparison {
  const changes: FieldChange[] = [];
  const note = (field: string, a: unknown, b: unknown) => {
    if (!isDeepStrictEqual(a, b)) changes.push({ field, before: a, after: b });
  };
  for (const field of WHOLE) note(field, before[field], after[field]);
  note('plannedStart', before.plannedStart, after.plannedStart);
  note('plannedEnd', before.plannedEnd, after.plannedEnd);
  note('budget.currency', before.budget.currency, after.budget.currency);
  note('budget.coFunding', before.budget.coFunding, after.budget.coFunding);
  note('budget.amountRequested', before.budget.amountRequested, after.budget.amountRequested);
  note('expectedResults', before.expectedResults, after.expectedResults);
  const criteria = new Set([...Object.keys(before.criteriaStatements), ...Object.keys(after.criteriaStatements)]);
  for (const criterion of [...criteria].sort())
    note(
      `criteriaStatements.${criterion}`,
      (before.criteriaStatements as Record<string, string>)[criterion],
      (after.criteriaStatements as Record<string, string>)[criterion],
    );
  return { changes, budgetLines: compareBudgetLines(before.budget.lines, after.budget.lines) };
}

const lineKey = (line: BudgetLine) => `${line.category}\u0000${line.description}`;

function compareBudgetLines(before: BudgetLine[], after: BudgetLine[]): BudgetLineChanges {
  const remaining = new Map<string, BudgetLine[]>();
  for (const line of before) remaining.set(lineKey(line), [...(remaining.get(lineKey(line)) ?? []), line]);
  const result: BudgetLineChanges = { added: [], removed: [], changed: [] };
  const unmatched: BudgetLine[] = [];
  // Exact matches first, so a repeated category and description pairs identical lines before changed ones.
  for (const line of after) {
    const candidates = remaining.get(lineKey(line)) ?? [];
    const same = candidates.findIndex((c) => c.amount === line.amount);
    if (same >= 0) candidates.splice(same, 1);
    else unmatched.push(line);
  }
  for (const line of unmatched) {
    const candidates = remaining.get(lineKey(line)) ?? [];
    const previous = candidates.shift();
    if (previous)
      result.changed.push({ category: line.category, description: line.description, before: previous.amount, after: line.amount });
    else result.added.push(line);
  }
  for (const lines of remaining.values()) result.removed.push(...lines);
  return result;
}
