import { RedisLease } from '@ctip/scheduling';
import type { Redis } from 'ioredis';

const LEASE_TTL_MS = 15_000;

/** Thrown when another instance holds the lease: a job retries later and finds the work done or resumes it. */
export class HeldElsewhereError extends Error {}

/**
 * Runs long work (a close, a confirmation) on one instance at a time: a Redis lease renewed while the work
 * runs and lapsing 15 s after its holder dies, so a survivor can resume. The work itself is idempotent:
 * the lease saves duplicate effort, it is not what makes the result right.
 */
export async function leasedRun<T>(redis: Redis, key: string, work: () => Promise<T>): Promise<T> {
  const lease = new RedisLease(redis, key, LEASE_TTL_MS);
  if (!(await lease.acquire())) throw new HeldElsewhereError(`${key} is being worked on by another instance`);
  const renewal = setInterval(() => void lease.acquire().catch(() => undefined), LEASE_TTL_MS / 3);
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await lease.release().catch(() => undefined);
  }
}
