import { deterministicUuid } from '@ctip/persistence';

/**
 * The id of a proposal created under a caller-scoped Idempotency-Key: a retried creation finds the first
 * by `_id`, two copies at once collide on it. Shaped as an RFC 9562 version 8 UUID.
 */
export function proposalIdFor(scopedKey: string): string {
  return deterministicUuid('ctip-fund-proposal', scopedKey);
}

/** The id of a consultation comment made under a caller-scoped key on one proposal. */
export function commentIdFor(proposalId: string, scopedKey: string): string {
  return deterministicUuid('ctip-fund-comment', `${proposalId}\u0000${scopedKey}`);
}
