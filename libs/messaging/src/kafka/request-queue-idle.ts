import RequestQueue from 'kafkajs/src/network/requestQueue';

/** The part of kafkajs' (untyped, internal) RequestQueue the fix reads. */
interface RequestQueueState {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
}

const FIXED = Symbol.for('ctip.kafkajs.idle-request-queue');

/**
 * Stops kafkajs 2.2.4 (its last release) from polling every broker connection's request queue on a 1 ms
 * timer forever. After each answer the queue schedules a check of its pending requests at
 * `throttledUntil - Date.now()`, which with no throttle (`throttledUntil = -1`) is minus the epoch: Node
 * makes that 1 ms (and warns `TimeoutNegativeWarning`), the check finds nothing and schedules the next
 * one (tulios/kafkajs#1704, #1751; unfixed upstream). Measured here: one idle producer and consumer took
 * 3.4–3.7 % of a core, 0.6 % with this guard — each service holds several connections, five services on
 * two cores. The guard skips the check only when nothing waits and no throttle runs; a request queued
 * later schedules its own check (kafkajs calls this again from `push`), and every answer checks the queue.
 */
export function quietIdleRequestQueues(): void {
  const proto = RequestQueue.prototype as RequestQueueState & { [FIXED]?: true };
  if (proto[FIXED]) return;
  const schedule = proto.scheduleCheckPendingRequests;
  if (typeof schedule !== 'function')
    throw new Error('kafkajs RequestQueue.scheduleCheckPendingRequests not found: check the kafkajs version');
  proto.scheduleCheckPendingRequests = function (this: RequestQueueState) {
    if (!this.throttleCheckTimeoutId && this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    schedule.call(this);
  };
  proto[FIXED] = true;
}
