import { createHash } from 'node:crypto';

/**
 * The case id a report gets, derived from its intake key (reporter + Idempotency-Key, or the integrating
 * organisation + its report id): a retried report finds its case by `_id`, and two copies arriving at
 * once collide on `_id`. A lookup by `_id` is the one every MongoDB-compatible store answers from an
 * index (FerretDB on SQLite scans for anything else). Shaped as an RFC 9562 version 8 UUID.
 */
export function caseIdFor(intakeKey: string): string {
  return uuidFor('ctip-case', intakeKey);
}

/** The referral id a referral made with an Idempotency-Key gets: a retried referral finds the first. */
export function referralIdFor(caseId: string, scopedKey: string): string {
  return uuidFor('ctip-referral', `${caseId}\u0000${scopedKey}`);
}

function uuidFor(kind: string, key: string): string {
  const bytes = createHash('sha256').update(`${kind}\u0000${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
