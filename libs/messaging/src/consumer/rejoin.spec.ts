import { KafkaJSConnectionError, KafkaJSGroupCoordinatorNotFound, KafkaJSNonRetriableError } from 'kafkajs';
import { rejoinDecision } from './rejoin';

describe('rejoinDecision (a consumer kafkajs stopped for good)', () => {
  const giveUpMs = 60_000;
  // kafkajs's own classes as its cluster and retrier throw them (its typings omit the message argument).
  const notFound = () =>
    new (KafkaJSGroupCoordinatorNotFound as unknown as new (message: string) => Error)('Failed to find group coordinator');
  const coordinatorGone = () => Object.assign(new KafkaJSNonRetriableError('Failed to find group coordinator'), { cause: notFound() });

  it('rebuilds it after the coordinator was not found while the broker restarts (kafkajs#1630)', () => {
    expect(rejoinDecision(coordinatorGone(), undefined, 1_000, 0, giveUpMs)).toEqual({ rejoin: true, delayMs: 500 });
  });

  it('waits twice as long each time, up to 10 s', () => {
    const delays = [0, 1, 2, 3, 4, 5, 12].map((n) => {
      const decision = rejoinDecision(new KafkaJSConnectionError('connect ECONNREFUSED'), 0, 1_000, n, giveUpMs);
      return decision.rejoin ? decision.delayMs : -1;
    });
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('finds kafkajs in the cause chain of a wrapped error', () => {
    const wrapped = new Error('join failed', { cause: notFound() });
    expect(rejoinDecision(wrapped, undefined, 0, 0, giveUpMs).rejoin).toBe(true);
  });

  it('gives up once no consumer has joined for the whole give-up time', () => {
    expect(rejoinDecision(coordinatorGone(), 1_000, 61_000, 9, giveUpMs)).toEqual({
      rejoin: false,
      reason: 'no consumer joined the group for 60 s',
    });
  });

  it('shuts down on an error that is not kafkajs’s own', () => {
    expect(rejoinDecision(new TypeError('x is undefined'), undefined, 0, 0, giveUpMs)).toEqual({
      rejoin: false,
      reason: 'TypeError: x is undefined',
    });
  });
});
