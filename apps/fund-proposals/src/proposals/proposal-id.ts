import { createHash } from 'node:crypto';

/**
 * The id of a proposal created under a caller-scoped Idempotency-Key: a retried creation finds the first
 * by `_id`, two copies at once collide on it. Shaped as an RFC 9562 version 8 UUID.
 */
export function proposalIdFor(scopedKey: string): string {
  return uuidFor('ctip-fund-proposal', scopedKey);
}

/** The id of a consultation comment made under a caller-scoped key on one proposal. */
export function commentIdFor(proposalId: string, scopedKey: string): string {
  return uuidFor('ctip-fund-comment', `${proposalId}\u0000${scopedKey}`);
}

function uuidFor(kind: string, key: string): string {
  const bytes = createHash('sha256').update(`${kind}\u0000${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
