import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type INestApplication,
  type INestMicroservice,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { ReadinessRegistry } from '@ctip/observability';
import type { Admin, Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import type { Payload, Topic } from '@ctip/contracts';
import type { BatchedEvent, ConsumerPolicy, EventBatchHandlerFn, EventHandlerFn, HandlerOptions } from './consumer/event-consumer';
import { createKafka } from './kafka/kafka-client';
import { provisionTopics } from './kafka/topic-provisioner';
import { MESSAGING_OPTIONS, namespacedCatalogue, namespacedTopic, type MessagingOptions } from './messaging.options';
import { EventProducer } from './producer/event-producer';
import type { EventContext } from './transport/event-context';
import { KafkaEventServer, type HandlerExtras } from './transport/kafka-event.server';

/**
 * Owns the service's Kafka client, producer and event transport. Lifecycle order (see
 * docs/architecture.md): topics are provisioned at init; the transport (`KafkaEventServer`, connected
 * with `connectEventTransport`) starts consuming after every module is ready; on shutdown it stops
 * fetching and drains in onModuleDestroy — before job workers (beforeApplicationShutdown) and before the
 * producer, the database and Redis close (onApplicationShutdown). Nest itself would close a connected
 * microservice only after beforeApplicationShutdown, when the workers a handler feeds are already gone.
 */
@Injectable()
export class MessagingRuntime implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  readonly kafka: Kafka;
  readonly producer: EventProducer;
  /** The Nest transport strategy of this service's `@EventPattern` handlers. */
  readonly server: KafkaEventServer;
  private admin?: Admin;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectConnection() connection: Connection,
    private readonly readiness: ReadinessRegistry,
    private readonly logger: PinoLogger,
  ) {
    this.kafka = createKafka({ clientId: options.service, brokers: options.brokers, logger: logger.logger });
    this.producer = new EventProducer(this.kafka, options.catalogue, options.service, options.namespace);
    this.server = new KafkaEventServer({
      kafka: this.kafka,
      groupId: namespacedTopic(options.service, options.namespace),
      catalogue: options.catalogue,
      namespace: options.namespace,
      connection,
      deadLetterProducer: this.producer,
      logger: logger.logger.child({ component: 'consumer' }),
    });
  }

  async onModuleInit(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const created = await provisionTopics(this.admin, namespacedCatalogue(this.options.catalogue, this.options.namespace), this.options);
    if (created.length > 0) this.logger.info({ topics: created }, 'created topics');
    await this.producer.connect();
    this.readiness.register({
      name: 'kafka',
      check: async () => {
        await this.admin?.describeCluster();
      },
    });
  }

  /**
   * Handles a topic known only at run time (a catalogue of notification kinds, a test fixture): the
   * programmatic form of `@EventPattern(topic)`, with the same guarantees. Call it before the transport
   * starts listening (e.g. in `onModuleInit`).
   */
  registerHandler(topic: string, handler: EventHandlerFn, options: HandlerOptions = {}): void {
    this.server.addHandler(
      topic,
      (data: unknown, context: EventContext) => handler(data, context.getEnvelope(), context.getArgByIndex(1)),
      true,
      { ...options },
    );
  }

  /**
   * Handles a topic's events a fetched batch at a time (see EventBatchHandlerFn): one call per partition
   * batch, in offset order, without the inbox — so the handler must be idempotent by its own keys. A batch
   * that fails for another reason than an outage is handed over again one event at a time, each with its
   * retries and dead letter. The topic can have no other handler. Call it before the transport listens.
   */
  registerBatchHandler<T extends Topic>(
    topic: T,
    handler: (events: BatchedEvent<Payload<T>>[]) => Promise<void>,
    options: Omit<HandlerOptions, 'idempotent'> = {},
  ): void {
    const batch = handler as EventBatchHandlerFn;
    const extras: HandlerExtras = { ...options, idempotent: true, batch };
    this.server.addHandler(
      topic,
      (data: unknown, context: EventContext) =>
        batch([{ data, envelope: context.getEnvelope(), origin: context.getArgByIndex(1) as BatchedEvent['origin'] }]),
      true,
      extras,
    );
  }

  /** Overrides the retry policy (tests use short backoffs). Must be called before the transport starts. */
  usePolicy(policy: Partial<ConsumerPolicy>): void {
    this.server.usePolicy(policy);
  }

  async onModuleDestroy(): Promise<void> {
    await this.server.close();
    this.logger.info('shutdown: kafka consumer stopped fetching, drained in-flight messages and committed');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await this.admin?.disconnect();
    this.logger.info('shutdown: kafka producer disconnected');
  }
}

/**
 * Connects the service's event transport to a Nest application (a hybrid app: HTTP plus Kafka events).
 * Call before `app.init()`; `app.startAllMicroservices()` after init starts consuming. The HTTP app's
 * global filters are not inherited: problem details are for HTTP callers, events have the dead-letter topic.
 */
export function connectEventTransport(app: INestApplication): INestMicroservice {
  return app.connectMicroservice<MicroserviceOptions>({ strategy: app.get(MessagingRuntime).server }, { inheritAppConfig: false });
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        MessagingRuntime,
        { provide: EventProducer, useFactory: (runtime: MessagingRuntime) => runtime.producer, inject: [MessagingRuntime] },
      ],
      exports: [MessagingRuntime, EventProducer],
    };
  }
}
