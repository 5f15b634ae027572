import type { EventEnvelope } from '@ctip/contracts';
import type { EventProducer } from '@ctip/messaging';
import type { Model } from 'mongoose';
import type { PinoLogger } from 'nestjs-pino';
import { FAST_PATH_WAIT_MS, Outbox, type DeferredRemoval } from './outbox';
import type { OutboxEntry, WithOutbox } from './outbox-entry.schema';
import type { OutboxPendingIndex } from './outbox-pending-index';

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

function outboxWith(send: () => Promise<void>, outbox: OutboxEntry[] = [entry], pending?: OutboxPendingIndex) {
  const stored: WithOutbox = { _id: 'case-1', outbox };
  // A test double: only what the outbox touches.
  const model = {
    collection: { name: 'cases', collectionName: 'cases' },
    db: { collection: () => storedCollection(stored) },
  } as unknown as Model<WithOutbox>;
  const logger = { warn: jest.fn() } as unknown as PinoLogger;
  return { outbox: new Outbox({ send } as unknown as EventProducer, logger, pending), model, stored, logger };
}

describe('Outbox fast path', () => {
  afterEach(() => jest.useRealTimers());

  it('publishes and removes the entries before its caller goes on while Kafka answers', async () => {
    const { outbox, model, stored } = outboxWith(async () => undefined);
    await outbox.store(model, 'case-1', [entry], async () => true);
    expect(stored.outbox).toEqual([]);
  });

  it('removes only the entries it published, not one stored meanwhile', async () => {
    const { outbox, model, stored } = outboxWith(async () => undefined, [entry, later]);
    await outbox.store(model, 'case-1', [entry], async () => true);
    expect(stored.outbox).toEqual([later]);
  });

  it('holds its caller at most FAST_PATH_WAIT_MS while Kafka is away, leaving the entries to the sweeper', async () => {
    jest.useFakeTimers();
    let fail!: (error: Error) => void;
    const { outbox, model, stored, logger } = outboxWith(() => new Promise((_resolve, reject) => (fail = reject)));
    let answered = false;
    const call = outbox.store(model, 'case-1', [entry], async () => true).then(() => (answered = true));
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

/** A pending index that records what happened in which order. */
function recordingIndex(steps: string[], created = true) {
  return {
    mark: async () => {
      steps.push('mark');
      return { score: 7, created };
    },
    clear: async (_collection: string, _id: string, score: number) => {
      steps.push(`clear ${score}`);
    },
    postpone: async (_collection: string, _id: string, score: number, later: number) => {
      steps.push(`postpone ${score} by ${later - Date.now() >= 990 ? 'the hold' : later - Date.now()}`);
      return true;
    },
  } as unknown as OutboxPendingIndex;
}

describe('Outbox store', () => {
  afterEach(() => jest.useRealTimers());

  it('marks the document before the write, so a process dying after it leaves the sweeper a key', async () => {
    const steps: string[] = [];
    const { outbox, model } = outboxWith(async () => void steps.push('send'), [entry], recordingIndex(steps));
    const applied = await outbox.store(model, 'case-1', [entry], async () => {
      steps.push('write');
      return true;
    });
    expect(applied).toBe(true);
    expect(steps).toEqual(['mark', 'write', 'send', 'clear 7']);
  });

  it('publishes nothing and removes the mark when the write did not apply', async () => {
    const steps: string[] = [];
    const { outbox, model } = outboxWith(async () => void steps.push('send'), [entry], recordingIndex(steps));
    expect(await outbox.store(model, 'case-1', [entry], async () => false)).toBe(false);
    expect(steps).toEqual(['mark', 'clear 7']);
  });

  it('leaves a mark it did not set when its write did not apply: other entries, e.g. held ones, stand behind it', async () => {
    const steps: string[] = [];
    const { outbox, model } = outboxWith(async () => void steps.push('send'), [entry], recordingIndex(steps, false));
    expect(await outbox.store(model, 'case-1', [entry], async () => false)).toBe(false);
    expect(steps).toEqual(['mark']);
  });

  it('writes without marking when the change has no event', async () => {
    const steps: string[] = [];
    const { outbox, model } = outboxWith(async () => void steps.push('send'), [], recordingIndex(steps));
    expect(await outbox.store(model, 'case-1', [], async () => true)).toBe(true);
    expect(steps).toEqual([]);
  });
});

describe('Outbox store with the removal deferred', () => {
  function deferred(steps: string[], stored = [entry, later]) {
    const taken: DeferredRemoval[] = [];
    const setup = outboxWith(async () => void steps.push('send'), stored, recordingIndex(steps));
    const store = () =>
      setup.outbox.store(setup.model, 'case-1', [entry], async () => true, {
        deferRemoval: { holdMs: 1_000, take: (removal) => void taken.push(removal) },
      });
    return { ...setup, taken, store };
  }

  it('publishes, leaves the entries in place and moves the mark past the hold, so the sweeper leaves them', async () => {
    const steps: string[] = [];
    const { store, stored, taken } = deferred(steps);
    await store();
    expect(steps).toEqual(['mark', 'send', 'postpone 7 by the hold']);
    expect(stored.outbox).toEqual([entry, later]);
    expect(taken).toHaveLength(1);
  });

  it('removes exactly the published entries on removeNow, keeping the mark while others remain', async () => {
    const steps: string[] = [];
    const { store, stored, taken } = deferred(steps);
    await store();
    await taken[0].removeNow();
    expect(stored.outbox).toEqual([later]);
    expect(steps.at(-1)).toBe('postpone 7 by the hold');
  });

  it('clears the moved mark (not the old one) once removeNow left the document empty', async () => {
    const steps: string[] = [];
    const { store, stored, taken } = deferred(steps, [entry]);
    await store();
    await taken[0].removeNow();
    expect(stored.outbox).toEqual([]);
    expect(steps.at(-1)).toMatch(/^clear \d{13}$/);
  });

  it('only clears the mark when the caller removed the entries with its own write', async () => {
    const steps: string[] = [];
    const { store, stored, taken } = deferred(steps);
    await store();
    await taken[0].removedElsewhere();
    expect(stored.outbox).toEqual([entry, later]);
    expect(steps.at(-1)).toMatch(/^clear \d{13}$/);
  });
});

describe('Outbox publishThenWrite', () => {
  afterEach(() => jest.useRealTimers());

  it('publishes first and writes the state without the entry while Kafka answers', async () => {
    const steps: string[] = [];
    const { outbox, model } = outboxWith(async () => void steps.push('send'), [], recordingIndex(steps));
    const written: OutboxEntry[][] = [];
    const applied = await outbox.publishThenWrite(model, 'case-1', entry, async (entries) => {
      written.push(entries);
      return true;
    });
    expect(applied).toBe(true);
    expect(written).toEqual([[]]);
    expect(steps).toEqual(['send']);
  });

  it('stores the entry with the write, marked for the sweeper, when Kafka does not answer in time', async () => {
    jest.useFakeTimers();
    const steps: string[] = [];
    const { outbox, model } = outboxWith(() => new Promise(() => undefined), [], recordingIndex(steps));
    const written: OutboxEntry[][] = [];
    const call = outbox.publishThenWrite(model, 'case-1', entry, async (entries) => {
      written.push(entries);
      return true;
    });
    await jest.advanceTimersByTimeAsync(FAST_PATH_WAIT_MS);
    await jest.advanceTimersByTimeAsync(FAST_PATH_WAIT_MS);
    expect(await call).toBe(true);
    expect(written).toEqual([[entry]]);
    expect(steps).toEqual(['mark']);
  });
});
