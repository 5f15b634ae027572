/**
 * Renews a claim's lease every third of its length while the worker that holds it is alive, so only a
 * dead worker's claim ever lapses: a slow send (or a slow database) must not let a second worker take
 * the work over and send it too. The caller clears the timer when it is done.
 */
export function keepRenewing(
  leaseMs: number,
  renew: (leaseUntil: Date) => Promise<unknown>,
  onError: (err: unknown) => void,
): NodeJS.Timeout {
  const every = Math.max(250, Math.floor(leaseMs / 3));
  return setInterval(() => {
    renew(new Date(Date.now() + leaseMs)).catch(onError);
  }, every).unref();
}
