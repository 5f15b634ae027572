import { deterministicUuid } from '@ctip/persistence';

/**
 * The case id a report gets, derived from its intake key (reporter + Idempotency-Key, or the integrating
 * organisation + its report id): a retried report finds its case by `_id`, and two copies arriving at
 * once collide on `_id`. A lookup by `_id` is the one every MongoDB-compatible store answers from an
 * index (FerretDB on SQLite scans for anything else). Shaped as an RFC 9562 version 8 UUID.
 */
export function caseIdFor(intakeKey: string): string {
  return deterministicUuid('ctip-case', intakeKey);
}

/** The referral id a referral made with an Idempotency-Key gets: a retried referral finds the first. */
export function referralIdFor(caseId: string, scopedKey: string): string {
  return deterministicUuid('ctip-referral', `${caseId}\u0000${scopedKey}`);
}
