import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls an assertion until it passes or the time runs out, then rethrows its last failure.
 * Asynchronous effects are awaited this way, never with fixed sleeps.
 */
export async function expectEventually<T>(
  assertion: () => T | Promise<T>,
  { timeoutMs = 20_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  if (lastError instanceof Error) lastError.message = `still failing after ${timeoutMs} ms: ${lastError.message}`;
  throw lastError;
}
