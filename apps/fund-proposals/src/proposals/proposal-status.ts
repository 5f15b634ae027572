import { ConflictError } from '@ctip/errors';

/**
 * The life of a proposal. `submitted` waits for screening; a revision request sends it back to the
 * applicant (`in-consultation`) until they resubmit; `eligible` proposals get reviewers (`in-review`)
 * and are `reviewed` once every assigned, non-recused reviewer has scored; the quarterly close puts
 * reviewed ones on a slate (`on-slate`) — those not yet reviewed roll over — and the committee decides.
 * Urgent proposals skip the quarter: `urgent-pending` until two people decide them.
 */
export const PROPOSAL_STATUSES = [
  'draft',
  'submitted',
  'in-consultation',
  'ineligible',
  'eligible',
  'in-review',
  'reviewed',
  'on-slate',
  'urgent-pending',
  'approved',
  'deferred',
  'declined',
  'withdrawn',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const NEXT: Record<ProposalStatus, readonly ProposalStatus[]> = {
  draft: ['submitted', 'urgent-pending', 'withdrawn'],
  submitted: ['in-consultation', 'eligible', 'ineligible', 'urgent-pending', 'withdrawn'],
  'in-consultation': ['submitted', 'withdrawn'],
  ineligible: ['in-consultation'],
  eligible: ['in-review', 'in-consultation', 'urgent-pending', 'withdrawn'],
  'in-review': ['reviewed', 'withdrawn'],
  reviewed: ['on-slate', 'urgent-pending', 'withdrawn'],
  'on-slate': ['approved', 'deferred', 'declined'],
  'urgent-pending': ['approved', 'declined'],
  approved: [],
  // A deferred proposal goes on the next cycle's slate as it is.
  deferred: ['on-slate', 'withdrawn'],
  declined: [],
  withdrawn: [],
};

export function canMove(from: ProposalStatus, to: ProposalStatus): boolean {
  return NEXT[from].includes(to);
}

/** Refuses an illegal transition with 409 naming the current state, e.g. scoring a declined proposal. */
export function assertMove(from: ProposalStatus, to: ProposalStatus, action: string): void {
  if (!canMove(from, to)) throw new ConflictError(`cannot ${action} a proposal that is ${from}`, { status: from });
}

/** Refuses an action unless the proposal is in one of the given states (409 with the current state). */
export function assertStatus(current: ProposalStatus, allowed: readonly ProposalStatus[], action: string): void {
  if (!allowed.includes(current)) throw new ConflictError(`cannot ${action} a proposal that is ${current}`, { status: current });
}
