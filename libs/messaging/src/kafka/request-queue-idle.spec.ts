import RequestQueue from 'kafkajs/src/network/requestQueue';
import { quietIdleRequestQueues } from './request-queue-idle';

type Queue = {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
  destroy(): void;
};

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue(): Queue {
  const Constructor = RequestQueue as unknown as new (options: object) => Queue;
  return new Constructor({
    maxInFlightRequests: null,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 'spec',
    broker: 'nowhere:9092',
    logger: { ...silent, namespace: () => silent },
  });
}

describe('quietIdleRequestQueues (kafkajs 2.2.4 request queue)', () => {
  beforeAll(() => quietIdleRequestQueues());

  const made: Queue[] = [];
  const fresh = () => {
    const q = queue();
    made.push(q);
    return q;
  };
  afterEach(() => {
    for (const q of made.splice(0)) {
      if (q.throttleCheckTimeoutId) clearTimeout(q.throttleCheckTimeoutId);
      q.destroy();
    }
  });

  it('schedules no check when nothing waits and no throttle runs (kafkajs would poll every 1 ms)', () => {
    const q = fresh();
    expect(q.throttledUntil).toBe(-1);
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still schedules a check for a queued request', () => {
    const q = fresh();
    q.pending.push({});
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });

  it('still schedules the check at the end of a throttle the broker asked for', () => {
    const q = fresh();
    q.throttledUntil = Date.now() + 60_000;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });

  it('is applied once however often it is called', () => {
    const before = (RequestQueue.prototype as Queue).scheduleCheckPendingRequests;
    quietIdleRequestQueues();
    expect((RequestQueue.prototype as Queue).scheduleCheckPendingRequests).toBe(before);
  });
});
