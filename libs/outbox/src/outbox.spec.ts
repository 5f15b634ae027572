import type { EventEnvelope } from '@ctip/contracts';
import type { EventProducer } from '@ctip/messaging';
import type { Model } from 'mongoose';
import type { PinoLogger } from 'nestjs-pino';
import { FAST_PATH_WAIT_MS, Outbox } from './outbox';
import type { OutboxEntry, WithOutbox } from './outbox-entry.schema';

const entry: OutboxEntry = { id: 'e1', topic: 'case.opened.v1', envelope: { id: 'e1' } as EventEnvelope, createdAt: new Date() };
const later: OutboxEntry = { id: 'e2', topic: 'case.updated.v1', envelope: { id: 'e2' } as EventEnvelope, createdAt: new Date() };

/** MongoDB matches `$pullAll` elements as whole documents, field order included. */
const sameDocument = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One stored document and the collection methods the outbox calls, applying its update as MongoDB does;
 * an update the fake does not know fails the test rather than passing for a removal.
 */
function storedCollection(stored: WithOutbox) {
  return {
    name: 'cases',
    findOne: async (filter: { _id: unknown }) => (filter._id === stored._id ? structuredClone(stored) : null),
    updateOne: async (filter: { _id: unknown }, update: Record<string, Record<string, unknown[]>>) => {
      if (filter._id !== stored._id) return { matchedCount: 0 };
      for (const [operator, fields] of Object.entries(update)) {
        if (operator !== '$pullAll' || Object.keys(fields).join() !== 'outbox')
          throw new Error(`unexpected update ${JSON.stringify(update)}`);
        stored.outbox = stored.outbox.filter((element) => !fields.outbox.some((removed) => sameDocument(removed, element)));
      }
      return { matchedCount: 1 };
    },
  };
}

function outboxWith(send: () => Promise<void>, outbox: OutboxEntry[] = [entry]) {
  const stored: WithOutbox = { _id: 'case-1', outbox };
  // A test double: only what the outbox touches.
  const model = {
    collection: { name: 'cases', collectionName: 'cases' },
    db: { collection: () => storedCollection(stored) },
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

  it('removes only the entries it published, not one stored meanwhile', async () => {
    const { outbox, model, stored } = outboxWith(async () => undefined, [entry, later]);
    await outbox.publishNow(model, 'case-1', [entry]);
    expect(stored.outbox).toEqual([later]);
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
