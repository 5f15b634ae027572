import { createHash } from 'node:crypto';

/**
 * A name-based id (RFC 9562 version 8 UUID from SHA-256 of `kind` and `key`): the same key always gives
 * the same id. Aggregates created under a caller-scoped Idempotency-Key take such an id, so a retried
 * creation finds the first by `_id` (the one lookup every MongoDB-compatible store answers from an index)
 * and two copies arriving at once collide on the primary key.
 */
export function deterministicUuid(kind: string, key: string): string {
  const bytes = createHash('sha256').update(`${kind}\u0000${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
