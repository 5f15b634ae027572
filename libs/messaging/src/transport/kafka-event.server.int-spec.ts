import { Controller, Injectable, Module, UseFilters, type BeforeApplicationShutdown, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { deadLetterTopicOf, defineCatalogue, defineEvent, HEADERS, type EventEnvelope } from '@ctip/contracts';
import { UnprocessableError } from '@ctip/errors';
import { ObservabilityModule } from '@ctip/observability';
import { PersistenceModule } from '@ctip/persistence';
import { expectEventually, testKafka, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import { z } from 'zod';
import { connectEventTransport, MessagingModule, MessagingRuntime } from '../messaging.module';
import { namespacedTopic } from '../messaging.options';
import { EventContext } from './event-context';
import { EventErrorPassthroughFilter } from './event-error-passthrough.filter';

interface Item {
  itemId: string;
  behaviour: 'ok' | 'domain-error' | 'fail-twice' | 'outage-thrice' | 'bug';
}

/** What the handlers saw, per item id, shared with the test through a module-level record of one run. */
interface Seen {
  calls: Map<string, number>;
  handled: { itemId: string; eventId: string; topic: string; partition: number; offset: string }[];
  consumerStoppedBeforeWorkers?: boolean;
}

/**
 * A service with two `@EventPattern` handlers, as an app would write them: one with the transport's
 * filter (what `@TypedEventPattern` applies), one bare, to show what Nest's default error handling
 * would hide. Built per run because the topic names carry the run's id.
 */
function testService(run: string, seen: Seen) {
  const topic = `test.item-${run}.v1`;
  const bareTopic = `test.bare-${run}.v1`;
  const schema = z.object({ itemId: z.string(), behaviour: z.enum(['ok', 'domain-error', 'fail-twice', 'outage-thrice', 'bug']) });
  const catalogue = defineCatalogue(
    defineEvent(topic, schema, { description: 'test', keyField: 'itemId' }),
    defineEvent(bareTopic, schema, { description: 'test', keyField: 'itemId' }),
  );

  const behave = (item: Item) => {
    const calls = (seen.calls.get(item.itemId) ?? 0) + 1;
    seen.calls.set(item.itemId, calls);
    if (item.behaviour === 'domain-error') {
      throw new UnprocessableError('unknown organisation', [{ field: 'organisationId', reason: 'no such organisation' }]);
    }
    if (item.behaviour === 'fail-twice' && calls <= 2) throw new Error(`transient failure ${calls}`);
    if (item.behaviour === 'outage-thrice' && calls <= 3)
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    if (item.behaviour === 'bug') throw new TypeError("Cannot read properties of undefined (reading 'country')");
  };

  @Controller()
  class ItemsConsumer {
    @EventPattern<string>(topic)
    @UseFilters(EventErrorPassthroughFilter)
    async item(@Payload() data: Item, @Ctx() context: EventContext<Item>): Promise<void> {
      behave(data);
      seen.handled.push({
        itemId: data.itemId,
        eventId: context.getEnvelope().id,
        topic: context.getTopic(),
        partition: context.getPartition(),
        offset: context.getOffset(),
      });
    }

    /** No passthrough filter: Nest's default replaces the error with { status, message }. */
    @EventPattern<string>(bareTopic)
    async bare(@Payload() data: Item): Promise<void> {
      behave(data);
    }
  }

  /** Stands for the job workers: they close in beforeApplicationShutdown, after the consumer stopped. */
  @Injectable()
  class WorkersStandIn implements BeforeApplicationShutdown {
    constructor(private readonly runtime: MessagingRuntime) {}

    beforeApplicationShutdown(): void {
      try {
        this.runtime.server.unwrap();
        seen.consumerStoppedBeforeWorkers = false;
      } catch {
        seen.consumerStoppedBeforeWorkers = true;
      }
    }
  }

  @Module({})
  class TestServiceModule {}

  return {
    topic,
    bareTopic,
    catalogue,
    module: {
      module: TestServiceModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'transport-test', level: 'silent' }),
        PersistenceModule.forRoot({ url: process.env.MONGO_URL!, dbName: `ctip_transport_test_${run}` }),
        MessagingModule.forRoot({
          service: 'transport-test',
          brokers: process.env.KAFKA_BROKERS!.split(','),
          catalogue,
          partitions: 1,
          replicationFactor: 1,
          namespace: `it-${run}`,
        }),
      ],
      controllers: [ItemsConsumer],
      providers: [WorkersStandIn],
    },
  };
}

describe('KafkaEventServer (the Nest transport of @EventPattern handlers)', () => {
  let app: INestApplication | undefined;
  let recorder: TopicRecorder | undefined;
  let seen: Seen;
  let service: ReturnType<typeof testService>;
  let namespace: string;

  beforeEach(async () => {
    const run = uniqueSuffix();
    namespace = `it-${run}`;
    seen = { calls: new Map(), handled: [] };
    service = testService(run, seen);
    app = await NestFactory.create(service.module, { logger: false });
    connectEventTransport(app);
    app.get(MessagingRuntime).usePolicy({ maxAttempts: 3, backoffMs: 20, outageBackoffMaxMs: 100, partitionsConsumedConcurrently: 1 });
    await app.init();
    await app.startAllMicroservices();
    recorder = await new TopicRecorder(testKafka(), `dlq-reader-${run}`).start([
      namespacedTopic(deadLetterTopicOf(service.topic), namespace),
      namespacedTopic(deadLetterTopicOf(service.bareTopic), namespace),
    ]);
  });

  afterEach(async () => {
    await recorder?.stop();
    await app?.close();
    app = undefined;
  });

  const publish = async (topic: string, ...items: Item[]): Promise<EventEnvelope<Item>[]> => {
    const { producer } = app!.get(MessagingRuntime);
    const envelopes = items.map((item) => producer.envelopes.build(topic as never, item as never) as EventEnvelope<Item>);
    await producer.send(topic as never, envelopes as never);
    return envelopes;
  };
  const deadLetters = (topic: string) => recorder!.of(namespacedTopic(deadLetterTopicOf(topic), namespace));

  it('gives the handler its payload with @Payload() and the envelope and origin with @Ctx()', async () => {
    const [sent] = await publish(service.topic, { itemId: 'a', behaviour: 'ok' });

    const [handled] = await expectEventually(() => {
      expect(seen.handled).toHaveLength(1);
      return seen.handled;
    });
    expect(handled).toEqual({ itemId: 'a', eventId: sent.id, topic: service.topic, partition: 0, offset: '0' });
  });

  it('dead-letters a domain error at once with its reason naming the field, and goes on with the next message', async () => {
    await publish(service.topic, { itemId: 'refused', behaviour: 'domain-error' }, { itemId: 'next', behaviour: 'ok' });

    await expectEventually(() => expect(seen.handled.map((h) => h.itemId)).toEqual(['next']));
    const [dead] = await expectEventually(() => {
      expect(deadLetters(service.topic)).toHaveLength(1);
      return deadLetters(service.topic);
    });
    expect(dead.headers).toMatchObject({
      [HEADERS.dlqReason]: 'non-retriable',
      [HEADERS.dlqError]: 'UnprocessableError: organisationId: no such organisation',
      [HEADERS.dlqAttempts]: '1',
    });
    expect(seen.calls.get('refused')).toBe(1);
  });

  it('retries a transient failure and handles the message once', async () => {
    await publish(service.topic, { itemId: 'flaky', behaviour: 'fail-twice' });

    await expectEventually(() => expect(seen.handled.map((h) => h.itemId)).toEqual(['flaky']));
    expect(seen.calls.get('flaky')).toBe(3);
    expect(deadLetters(service.topic)).toHaveLength(0);
  });

  it('waits an outage out beyond the bounded attempts instead of dead-lettering', async () => {
    await publish(service.topic, { itemId: 'outage', behaviour: 'outage-thrice' });

    await expectEventually(() => expect(seen.handled.map((h) => h.itemId)).toEqual(['outage']));
    expect(seen.calls.get('outage')).toBe(4); // more than maxAttempts (3): an outage is not the message's fault
    expect(deadLetters(service.topic)).toHaveLength(0);
  });

  it('dead-letters a bug after the bounded attempts with the original error', async () => {
    await publish(service.topic, { itemId: 'bug', behaviour: 'bug' });

    const [dead] = await expectEventually(() => {
      expect(deadLetters(service.topic)).toHaveLength(1);
      return deadLetters(service.topic);
    });
    expect(dead.headers).toMatchObject({
      [HEADERS.dlqReason]: 'handler-failed',
      [HEADERS.dlqError]: "TypeError: Cannot read properties of undefined (reading 'country')",
      [HEADERS.dlqAttempts]: '3',
    });
  });

  it('skips a redelivered event by its id', async () => {
    const [first] = await publish(service.topic, { itemId: 'twice', behaviour: 'ok' });
    const { producer } = app!.get(MessagingRuntime);
    await producer.send(service.topic as never, [first] as never);
    await publish(service.topic, { itemId: 'after', behaviour: 'ok' });

    await expectEventually(() => expect(seen.handled.map((h) => h.itemId)).toEqual(['twice', 'after']));
    expect(seen.calls.get('twice')).toBe(1);
  });

  it('without the passthrough filter, a domain error hidden by Nest is still never lost: dead-lettered after the bounded attempts', async () => {
    await publish(service.bareTopic, { itemId: 'hidden', behaviour: 'domain-error' });

    const [dead] = await expectEventually(() => {
      expect(deadLetters(service.bareTopic)).toHaveLength(1);
      return deadLetters(service.bareTopic);
    });
    expect(dead.headers[HEADERS.dlqReason]).toBe('handler-failed');
    expect(dead.headers[HEADERS.dlqError]).toMatch(/an exception filter replaced the original error/);
    expect(seen.calls.get('hidden')).toBe(3);
  });

  it('stops consuming in onModuleDestroy, before job workers close', async () => {
    await publish(service.topic, { itemId: 'a', behaviour: 'ok' });
    await expectEventually(() => expect(seen.handled).toHaveLength(1));

    await app!.close();
    app = undefined;
    expect(seen.consumerStoppedBeforeWorkers).toBe(true);
  });
});
