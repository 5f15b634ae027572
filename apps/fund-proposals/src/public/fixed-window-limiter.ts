import type { Redis } from 'ioredis';

export interface LimitVerdict {
  allowed: boolean;
  /** Seconds until the window ends (for `Retry-After`). */
  retryAfterSeconds: number;
  remaining: number;
}

/**
 * A fixed-window counter in Redis, shared by every instance: one key per client and window
 * (`<prefix>:<client>:<window number>`), incremented and given an expiry in one MULTI. Simple and
 * cheap; a client may get up to twice the limit across a window boundary, which is fine for shielding
 * a public read-only list. (`@nestjs/throttler` is not installed in this workspace.)
 */
export class FixedWindowLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async hit(client: string, now = Date.now()): Promise<LimitVerdict> {
    const window = Math.floor(now / this.windowMs);
    const key = `${this.prefix}:${client}:${window}`;
    const results = await this.redis.multi().incr(key).pexpire(key, this.windowMs).exec();
    const error = results?.find(([err]) => err)?.[0];
    // An aborted transaction is Redis going away mid-request: an outage (503 with Retry-After), not a bug.
    if (!results || error)
      throw error ?? Object.assign(new Error('rate limit counter: Connection is closed'), { name: 'MaxRetriesPerRequestError' });
    const count = Number(results[0][1]);
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * this.windowMs - now) / 1000));
    return { allowed: count <= this.limit, retryAfterSeconds, remaining: Math.max(0, this.limit - count) };
  }
}
