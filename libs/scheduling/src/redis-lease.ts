import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Extends a key's TTL (ARGV[2] ms) if it still holds ARGV[1]: a compare-and-renew of a lease. */
export const RENEW_LEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes a key if it still holds ARGV[1]: a compare-and-release of a lease. */
export const RELEASE_LEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A lease in Redis: at most one holder at a time, lost automatically when the holder dies (TTL).
 * Used where exactly one replica must act: the outbox sweeper, upserting job schedulers.
 */
export class RedisLease {
  readonly owner = randomUUID();

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease if free, or renews it if this instance holds it. */
  async acquire(): Promise<boolean> {
    if ((await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX')) === 'OK') return true;
    return (await this.redis.eval(RENEW_LEASE_SCRIPT, 1, this.key, this.owner, String(this.ttlMs))) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE_LEASE_SCRIPT, 1, this.key, this.owner);
  }

  /** Runs `fn` while holding the lease, waiting for it up to `waitMs`; returns false if it never came. */
  async runExclusive(fn: () => Promise<void>, waitMs = 30_000, pollMs = 100): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    while (!(await this.acquire())) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    try {
      await fn();
      return true;
    } finally {
      await this.release();
    }
  }
}
