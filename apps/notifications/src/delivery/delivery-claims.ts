import { RELEASE_LEASE_SCRIPT, RENEW_LEASE_SCRIPT } from '@ctip/scheduling';
import type { Redis } from 'ioredis';
import type { DeliveryRecord } from './delivery.schema';
import type { SentMarkers } from './sent-markers';

/** Where an instance (`scopedName`) keeps its deliveries' claims and attempt counters in Redis. */
export const deliveryClaimsPrefix = (instance: string): string => `ctip-${instance}:deliveries`;

/** How long a delivery's attempt counter is kept: as long as its sent marker. */
const ATTEMPTS_TTL_MS = 7 * 24 * 3600_000;

/**
 * Takes the claim (KEYS[1] := token, PX lease, only if free), counts the attempt (KEYS[2]) and reads the
 * sent marker (KEYS[3]), atomically: `{attempt, sent}`, or 0 while another worker holds the claim.
 */
const CLAIM = `
if not redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
local attempt = redis.call('incr', KEYS[2])
redis.call('pexpire', KEYS[2], ARGV[3])
return {attempt, redis.call('exists', KEYS[3])}`;

/** Releases the claim (KEYS[1]) if it holds ARGV[1] and takes back the attempt it counted (KEYS[2]). */
const ABANDON = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('del', KEYS[1])
redis.call('decr', KEYS[2])
return 1`;

/** A claim held: the attempt it began (1 for the first ever) and whether a channel already accepted the message. */
export interface DeliveryClaim {
  token: string;
  attempt: number;
  sent: boolean;
}

/**
 * The claim of a single delivery, in Redis: one worker at a time sends it, the claim lapses with its lease
 * when that worker dies, and every attempt begun is counted. It replaces the `queued → sending` database
 * update each delivery used to cost (and its read back) with one Redis round trip; the record is written
 * once, when the attempt ends (sent, retrying or failed), with the attempt count.
 *
 * An attempt that began but never ended (its worker died mid-send) shows when the next one starts: the
 * counter is ahead of the record's `attempts` by more than one (see DeliveryService). If Redis loses its
 * data the counter restarts and the record's count wins; the claim of an attempt in flight at that moment
 * is lost too, the one case in which two workers may send at once, under one Message-ID / Idempotency-Key.
 */
export class DeliveryClaims {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly markers: SentMarkers,
  ) {}

  /** The claim key (tests and operators read which deliveries are in flight from these). */
  key(notificationId: string): string {
    return `${this.prefix}:claim:${notificationId}`;
  }

  private attemptsKey(notificationId: string): string {
    return `${this.prefix}:attempts:${notificationId}`;
  }

  async claim(notificationId: string, token: string, leaseMs: number): Promise<DeliveryClaim | null> {
    const keys = [this.key(notificationId), this.attemptsKey(notificationId), this.markers.key(notificationId)];
    const taken = (await this.redis.eval(CLAIM, keys.length, ...keys, token, String(leaseMs), String(ATTEMPTS_TTL_MS))) as
      0 | [number, number];
    return taken === 0 ? null : { token, attempt: taken[0], sent: taken[1] === 1 };
  }

  /** Extends a live claim; false once it was lost. */
  async renew(notificationId: string, token: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW_LEASE_SCRIPT, 1, this.key(notificationId), token, String(leaseMs))) === 1;
  }

  async release(notificationId: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_LEASE_SCRIPT, 1, this.key(notificationId), token);
  }

  /** Releases a claim whose attempt tried nothing (e.g. the record could not be read): it does not count. */
  async abandon(notificationId: string, token: string): Promise<void> {
    await this.redis.eval(ABANDON, 2, this.key(notificationId), this.attemptsKey(notificationId), token);
  }

  /** How long the claim's lease still runs (ms), 0 when nobody holds it. */
  async leaseLeft(notificationId: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.key(notificationId)));
  }
}

/**
 * The record as the attempt a claim began will write it: its `attempts`, and `interruptedAttempts` with
 * the attempts that began and never ended (the claim's counter is ahead of the record by more than one:
 * their worker died mid-send). A counter behind the record (Redis lost its data) defers to the record.
 */
export function recordForAttempt(stored: DeliveryRecord, attempt: number): { record: DeliveryRecord; interrupted: number } {
  const interrupted = Math.max(0, attempt - stored.attempts - 1);
  return {
    record: {
      ...stored,
      attempts: Math.max(attempt, stored.attempts + 1),
      interruptedAttempts: stored.interruptedAttempts + interrupted,
    },
    interrupted,
  };
}
