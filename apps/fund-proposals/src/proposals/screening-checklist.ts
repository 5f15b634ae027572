import type { FUND_ACTIVITY_TYPES, SCREENING_CHECKS } from '@ctip/contracts';

type Check = (typeof SCREENING_CHECKS)[number];

export interface ScreeningFacts {
  /** Kinds of the submitting organisation and of every implementing partner, from the directory. */
  organisationKinds: string[];
  antiTraffickingPurpose: boolean;
  activityTypes: (typeof FUND_ACTIVITY_TYPES)[number][];
  amountRequested: number;
  currency: string;
  fundCurrency: string;
  projectLimit: number;
}

export interface ScreeningResult {
  checks: Record<Check, boolean>;
  outcome: 'eligible' | 'ineligible';
  failedChecks: Check[];
  reasons: string[];
}

const money = (minorUnits: number, currency: string) => `${currency} ${(minorUnits / 100).toFixed(2)}`;

/**
 * The eligibility checklist. An OSCE field operation must be involved (the submitting organisation or a
 * partner is a field presence); the officer judges the anti-trafficking purpose; at least one activity is
 * of a type the Fund supports (`other` alone is not); the amount requested is within the per-project limit.
 */
export function screenProposal(facts: ScreeningFacts): ScreeningResult {
  const checks: Record<Check, boolean> = {
    'field-operation-involved': facts.organisationKinds.includes('field-presence'),
    'anti-trafficking-purpose': facts.antiTraffickingPurpose,
    'supported-activity': facts.activityTypes.some((type) => type !== 'other'),
    'within-project-limit': facts.currency === facts.fundCurrency && facts.amountRequested <= facts.projectLimit,
  };
  const why: Record<Check, string> = {
    'field-operation-involved':
      'no OSCE field operation is involved: neither the submitting organisation nor a partner is a field presence',
    'anti-trafficking-purpose': 'the officer found no anti-trafficking purpose',
    'supported-activity': 'no activity is of a type the Fund supports (only "other")',
    'within-project-limit': `the amount requested (${money(facts.amountRequested, facts.currency)}) exceeds the per-project limit of ${money(facts.projectLimit, facts.fundCurrency)}`,
  };
  const failedChecks = (Object.keys(checks) as Check[]).filter((check) => !checks[check]);
  return {
    checks,
    outcome: failedChecks.length === 0 ? 'eligible' : 'ineligible',
    failedChecks,
    reasons: failedChecks.map((check) => why[check]),
  };
}
