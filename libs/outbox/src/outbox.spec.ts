import type { EventEnvelope } from '@ctip/contracts';
import type { EventProducer } from '@ctip/messaging';
import type { Model } from 'mongoose';
import type { PinoLogger } from 'nestjs-pino';
import { FAST_PATH_WAIT_MS, Outbox } from './outbox';
import type { OutboxEntry, WithOutbox } from './outbox-entry.schema';

const entry: OutboxEntry = { id: 'e1', topic: 'case.opened.v1', envelope: { id: 'e1' } as EventEnvelope, createdAt: new Date() };

function outboxWith(send: () => Promise<void>) {
  const stored: WithOutbox = { _id: 'case-1', outbox: [entry] };
  const collection = {
    findOne: async () => stored,
    updateOne: async () => {
      stored.outbox = [];
      return { matchedCount: 1 };
    },
  };
  // A test double: only what the outbox touches.
  const model = {
    collection: { name: 'cases', collectionName: 'cases' },
    db: { collection: () => collection },
  } as unknown as Model<WithOutbox>;
  const logger = { warn: jest.fn() } as unknown as PinoLogger;
  return { outbox: new Outbox({ send } as unknown as EventProducer, logger), model, stored, logger };
}

describe('Outbox fast path', () => {
  afterEach(() => jest.useRealTimers());

  it('publishes and removes the entries before its caller goes on while Kafka answers', async () => {
    const { outbox, model, stored } = outboxWith(async () => undefined);
    await outbox.publishNow(model, 'case-1', [entry]);
    expect(stored.outbox).toEqual([]);
  });

  it('holds its caller at most FAST_PATH_WAIT_MS while Kafka is away, leaving the entries to the sweeper', async () => {
    jest.useFakeTimers();
    let fail!: (error: Error) => void;
    const { outbox, model, stored, logger } = outboxWith(() => new Promise((_resolve, reject) => (fail = reject)));
    let answered = false;
    const call = outbox.publishNow(model, 'case-1', [entry]).then(() => (answered = true));
    await jest.advanceTimersByTimeAsync(FAST_PATH_WAIT_MS - 1);
    expect(answered).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await call;
    expect(answered).toBe(true);
    expect(stored.outbox).toEqual([entry]);
    // The producer gives up later: logged, never thrown at anyone; the sweeper publishes the entries.
    fail(Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSNonRetriableError' }));
    await jest.advanceTimersByTimeAsync(0);
    expect(logger.warn).toHaveBeenCalledWith(expect.anything(), 'outbox publish failed; the sweeper will retry');
    expect(stored.outbox).toEqual([entry]);
  });
});
