import { deadLetterTopicOf, defineCatalogue, defineEvent, HEADERS, type EventEnvelope } from '@ctip/contracts';
import { createLogger } from '@ctip/observability';
import { createTopics, expectEventually, testKafka, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { z } from 'zod';
import { createKafka } from '../kafka/kafka-client';
import { InboxRepository } from '../inbox/inbox.repository';
import { EventProducer } from '../producer/event-producer';
import { EventConsumer, type EventBatchHandlerFn, type EventHandlerFn } from './event-consumer';
import { NonRetriableError } from './handler-errors';

describe(EventConsumer.name, () => {
  const logger = createLogger({ service: 'event-consumer-test', level: 'silent' });
  const kafka = createKafka({ clientId: 'event-consumer-test', brokers: process.env.KAFKA_BROKERS!.split(','), logger });
  let db: Connection;
  let consumer: EventConsumer | undefined;
  let recorder: TopicRecorder | undefined;
  let producer: EventProducer;

  const setup = async (
    handler: EventHandlerFn,
    options: { keys?: number; idempotent?: boolean; run?: string; batch?: EventBatchHandlerFn; gatherMs?: number } = {},
  ) => {
    const run = options.run ?? uniqueSuffix();
    // A test that sets up twice: the first consumer was stopped, its reader and producer go now.
    await recorder?.stop();
    await producer?.disconnect();
    const topic = `test.happened-${run}.v1`;
    const catalogue = defineCatalogue(
      defineEvent(topic, z.object({ itemId: z.string(), n: z.number().int() }), { description: 'test', keyField: 'itemId' }),
    );
    await createTopics(testKafka(), [topic], 1);
    await createTopics(testKafka(), [deadLetterTopicOf(topic)], 1);
    producer = new EventProducer(kafka, catalogue, 'test');
    const inboxDb = db.useDb(`ctip_consumer_test_${run}`);
    const inbox = new InboxRepository(inboxDb);
    const handlers = new Map([
      [topic, { handlers: [handler], idempotent: options.idempotent ?? false, ...(options.batch ? { batch: options.batch } : {}) }],
    ]);
    consumer = new EventConsumer(
      kafka,
      `group-${run}`,
      catalogue,
      handlers,
      inbox,
      producer,
      logger,
      {
        maxAttempts: 3,
        backoffMs: 20,
        outageBackoffMaxMs: 200,
        partitionsConsumedConcurrently: 1,
        keysConsumedConcurrently: options.keys ?? 1,
        rejoinGiveUpMs: 60_000,
      },
      { gatherMs: options.gatherMs },
    );
    await consumer.start();
    recorder = await new TopicRecorder(testKafka(), `dlq-reader-${run}`).start([deadLetterTopicOf(topic)]);
    return {
      run,
      topic,
      producer,
      inboxRecords: () => inboxDb.collection('processed_messages').countDocuments(),
      envelope: (itemId: string, n = 1) => producer.envelopes.build(topic, { itemId, n } as never),
    };
  };

  beforeAll(async () => {
    db = await mongoose.createConnection(process.env.MONGO_URL!).asPromise();
  });

  afterEach(async () => {
    await consumer?.stop();
    await recorder?.stop();
    await producer?.disconnect();
  });

  afterAll(async () => {
    await db.close();
  });

  it('dead-letters a malformed message with its reason and goes on with the next one', async () => {
    const handled: string[] = [];
    const { topic, producer, envelope } = await setup(async (data) => void handled.push((data as { itemId: string }).itemId));

    await producer.sendRaw(topic, { key: 'bad', value: '{not json', headers: { 'x-origin': 'hotline' } });
    const wrongShape = { ...envelope('x'), data: { itemId: 'x', n: 'one' } };
    await producer.sendRaw(topic, { key: 'x', value: JSON.stringify(wrongShape), headers: {} });
    await producer.send(topic, [envelope('good')]);

    await expectEventually(() => expect(handled).toEqual(['good']));
    const dead = await expectEventually(() => {
      const messages = recorder!.of(deadLetterTopicOf(topic));
      expect(messages).toHaveLength(2);
      return messages;
    });
    expect(dead[0]).toMatchObject({ key: 'bad', value: '{not json' });
    expect(dead[0].headers).toMatchObject({
      'x-origin': 'hotline',
      [HEADERS.dlqReason]: 'malformed',
      [HEADERS.dlqError]: 'message is not valid JSON',
      [HEADERS.dlqSourceTopic]: topic,
    });
    expect(dead[1].headers[HEADERS.dlqReason]).toBe('invalid-payload');
    expect(dead[1].headers[HEADERS.dlqError]).toMatch(/^data\.n: /);
  });

  it('retries a transient handler failure and then handles the message once', async () => {
    let calls = 0;
    const applied: string[] = [];
    const { topic, producer, envelope } = await setup(async (_data, env: EventEnvelope) => {
      calls += 1;
      if (calls < 3) throw new Error('shelter registry timed out');
      applied.push(env.id);
    });
    const event = envelope('retry-me');
    await producer.send(topic, [event]);

    await expectEventually(() => expect(applied).toEqual([event.id]));
    expect(calls).toBe(3);
    expect(recorder!.of(deadLetterTopicOf(topic))).toHaveLength(0);
  });

  it('dead-letters a message whose handler keeps failing, after the bounded attempts, and handles the next', async () => {
    const handled: string[] = [];
    let poisonCalls = 0;
    const { topic, producer, envelope } = await setup(async (data) => {
      const { itemId } = data as { itemId: string };
      if (itemId === 'poison') {
        poisonCalls += 1;
        throw new Error('invariant broken');
      }
      handled.push(itemId);
    });
    await producer.send(topic, [envelope('poison'), envelope('after')]);

    await expectEventually(() => expect(handled).toEqual(['after']));
    expect(poisonCalls).toBe(3);
    const [dead] = await expectEventually(() => {
      const messages = recorder!.of(deadLetterTopicOf(topic));
      expect(messages).toHaveLength(1);
      return messages;
    });
    expect(dead.headers).toMatchObject({ [HEADERS.dlqReason]: 'handler-failed', [HEADERS.dlqAttempts]: '3' });
    expect(dead.headers[HEADERS.dlqError]).toBe('Error: invariant broken');
  });

  it('dead-letters a non-retriable failure at once', async () => {
    let calls = 0;
    const { topic, producer, envelope } = await setup(async () => {
      calls += 1;
      throw new NonRetriableError('unknown field presence');
    });
    await producer.send(topic, [envelope('once')]);
    await expectEventually(() => expect(recorder!.of(deadLetterTopicOf(topic))).toHaveLength(1));
    expect(calls).toBe(1);
    expect(recorder!.of(deadLetterTopicOf(topic))[0].headers[HEADERS.dlqReason]).toBe('non-retriable');
  });

  it('skips an event it already handled', async () => {
    const handled: string[] = [];
    const { topic, producer, envelope } = await setup(async (_d, env) => void handled.push(env.id));
    const event = envelope('twice');
    await producer.send(topic, [event, event]);
    await producer.send(topic, [envelope('third')]);
    await expectEventually(() => expect(handled).toHaveLength(2));
    expect(handled[0]).toBe(event.id);
  });

  it('handles the keys of a batch side by side, each key in order, every event once, and commits the batch', async () => {
    const handled: string[] = [];
    let inFlight = 0;
    let widest = 0;
    const handler: EventHandlerFn = async (data) => {
      const { itemId, n } = data as { itemId: string; n: number };
      inFlight += 1;
      widest = Math.max(widest, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      await db.db!.admin().ping(); // a real round trip while others are in flight
      handled.push(`${itemId}:${n}`);
      inFlight -= 1;
    };
    const { run, topic, producer, envelope } = await setup(handler, { keys: 4 });
    const keys = ['a', 'b', 'c', 'd', 'e'];
    await producer.send(topic, Array.from({ length: 20 }, (_, n) => keys.map((key) => envelope(key, n))).flat());
    await expectEventually(() => expect(handled).toHaveLength(100));
    for (const key of keys) {
      const order = handled.filter((h) => h.startsWith(`${key}:`)).map((h) => Number(h.split(':')[1]));
      expect(order).toEqual(Array.from({ length: 20 }, (_, n) => n));
    }
    expect(widest).toBeGreaterThan(1);
    expect(widest).toBeLessThanOrEqual(4);

    // The same group again: nothing of the handled batch comes back, only what is new.
    await consumer!.stop();
    const again: string[] = [];
    const second = await setup(async (data) => void again.push((data as { itemId: string }).itemId), { keys: 4, run });
    await second.producer.send(topic, [second.envelope('new')]);
    await expectEventually(() => expect(again).toEqual(['new']));
  });

  it('writes no inbox record for a topic whose handler is idempotent by its own keys, and one otherwise', async () => {
    const handled: string[] = [];
    const own = await setup(async (_d, env) => void handled.push(env.id), { idempotent: true });
    await own.producer.send(own.topic, [own.envelope('x'), own.envelope('y')]);
    await expectEventually(() => expect(handled).toHaveLength(2));
    expect(await own.inboxRecords()).toBe(0);
    await consumer!.stop();

    const other = await setup(async (_d, env) => void handled.push(env.id));
    await other.producer.send(other.topic, [other.envelope('z')]);
    await expectEventually(() => expect(handled).toHaveLength(3));
    await expectEventually(async () => expect(await other.inboxRecords()).toBe(1));
  });

  it('hands a batch handler a fetched batch at once, in order; dead-letters malformed messages; a failing batch goes one event at a time', async () => {
    const calls: string[][] = [];
    const items = (events: { data: unknown }[]) => events.map((e) => (e.data as { itemId: string }).itemId);
    const batch: EventBatchHandlerFn = async (events) => {
      if (items(events).includes('poison')) throw new Error('cannot file poison');
      calls.push(items(events));
    };
    // As `registerBatchHandler` does: one event at a time is the batch handler with one event.
    const one: EventHandlerFn = (data, envelope, origin) => batch([{ data, envelope, origin }]);
    const { topic, producer, envelope } = await setup(one, { idempotent: true, batch });

    // Produced in one request, one record batch: they arrive in one fetch (or a few), not one by one.
    const keys = Array.from({ length: 30 }, (_, n) => `k${n % 3}`);
    await producer.send(
      topic,
      keys.map((key, n) => envelope(`${key}-${n}`)),
    );
    await expectEventually(() => expect(calls.flat()).toHaveLength(30));
    expect(calls.flat()).toEqual(keys.map((key, n) => `${key}-${n}`)); // offset order
    expect(calls.length).toBeLessThan(30);

    calls.length = 0;
    await producer.sendRaw(topic, { key: 'bad', value: '{not json', headers: {} });
    await producer.send(topic, [envelope('before'), envelope('poison'), envelope('after')]);
    await expectEventually(() => expect(calls.flat()).toEqual(['before', 'after']));
    const dead = await expectEventually(() => {
      const messages = recorder!.of(deadLetterTopicOf(topic));
      expect(messages).toHaveLength(2);
      return messages;
    });
    expect(dead.map((m) => m.headers[HEADERS.dlqReason])).toEqual(['malformed', 'handler-failed']);
  });

  it('lets the broker gather a lane’s events for gatherMs: events sent one by one over 300 ms reach a batch handler together', async () => {
    const calls: number[] = [];
    const batch: EventBatchHandlerFn = async (events) => void calls.push(events.length);
    const one: EventHandlerFn = (data, envelope, origin) => batch([{ data, envelope, origin }]);
    const { topic, producer, envelope } = await setup(one, { idempotent: true, batch, gatherMs: 1_500 });
    // Ten separate produce requests 30 ms apart (the pace of a case's delivery reports): without gathering
    // each fetch returns as soon as one is there; with it, the fetch waits up to 1.5 s for more.
    for (let n = 0; n < 10; n += 1) {
      await producer.send(topic, [envelope('case-1', n)]);
      await new Promise((resolve) => setTimeout(resolve, 30)); // the producer's pace, not a wait for an effect
    }
    await expectEventually(() => expect(calls.reduce((a, b) => a + b, 0)).toBe(10), { timeoutMs: 10_000 });
    // A fetch already waiting when the first arrived may return it alone; the rest come together.
    expect(calls.length).toBeLessThanOrEqual(2);
  });
});
