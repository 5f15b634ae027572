import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { InjectConnection } from '@nestjs/mongoose';
import { ReadinessRegistry } from '@ctip/observability';
import type { Admin, Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { DEFAULT_POLICY, EventConsumer, type ConsumerPolicy, type EventHandlerFn } from './consumer/event-consumer';
import { ON_EVENT } from './consumer/on-event.decorator';
import { InboxRepository } from './inbox/inbox.repository';
import { createKafka } from './kafka/kafka-client';
import { provisionTopics } from './kafka/topic-provisioner';
import { MESSAGING_OPTIONS, namespacedCatalogue, namespacedTopic, type MessagingOptions } from './messaging.options';
import { EventProducer } from './producer/event-producer';

const INBOX_RETENTION_MS = 14 * 24 * 3600_000;

/**
 * Owns the service's Kafka client, producer and consumer. Lifecycle order (see docs/architecture.md):
 * topics are provisioned at init; the consumer starts after every module is ready; on shutdown it stops
 * fetching and drains in onModuleDestroy, before job workers (beforeApplicationShutdown) and before the
 * producer, the database and Redis close (onApplicationShutdown).
 */
@Injectable()
export class MessagingRuntime implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  readonly kafka: Kafka;
  readonly producer: EventProducer;
  private admin?: Admin;
  private consumer?: EventConsumer;
  private purgeTimer?: NodeJS.Timeout;
  private policy: ConsumerPolicy = DEFAULT_POLICY;
  private readonly extraHandlers = new Map<string, EventHandlerFn[]>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectConnection() private readonly connection: Connection,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly readiness: ReadinessRegistry,
    private readonly logger: PinoLogger,
  ) {
    this.kafka = createKafka({ clientId: options.service, brokers: options.brokers, logger: logger.logger });
    this.producer = new EventProducer(this.kafka, options.catalogue, options.service, options.namespace);
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
   * Registers a handler without the decorator, for topics known only at run time (tests, plugins).
   * Must be called before the application bootstraps.
   */
  registerHandler(topic: string, handler: EventHandlerFn): void {
    const list = this.extraHandlers.get(topic) ?? [];
    list.push(handler);
    this.extraHandlers.set(topic, list);
  }

  /** Overrides the retry policy (tests use short backoffs). Must be called before bootstrap. */
  usePolicy(policy: Partial<ConsumerPolicy>): void {
    this.policy = { ...this.policy, ...policy };
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.discoverHandlers();
    for (const [topic, list] of this.extraHandlers) handlers.set(topic, [...(handlers.get(topic) ?? []), ...list]);
    if (handlers.size === 0) return;
    const inbox = new InboxRepository(this.connection);
    await inbox.init();
    const physical = new Map([...handlers].map(([topic, list]) => [namespacedTopic(topic, this.options.namespace), list]));
    this.consumer = new EventConsumer(
      this.kafka,
      namespacedTopic(this.options.service, this.options.namespace),
      namespacedCatalogue(this.options.catalogue, this.options.namespace),
      physical,
      inbox,
      this.producer,
      this.logger.logger.child({ component: 'consumer' }),
      this.policy,
    );
    await this.consumer.start();
    this.purgeTimer = setInterval(() => {
      inbox
        .purgeOlderThan(new Date(Date.now() - INBOX_RETENTION_MS))
        .catch((err: unknown) => this.logger.warn({ err }, 'inbox purge failed'));
    }, 3600_000).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.purgeTimer);
    if (!this.consumer) return;
    await this.consumer.stop();
    this.logger.info('shutdown: kafka consumer stopped fetching, drained in-flight messages and committed');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await this.admin?.disconnect();
    this.logger.info('shutdown: kafka producer disconnected');
  }

  private discoverHandlers(): Map<string, EventHandlerFn[]> {
    const handlers = new Map<string, EventHandlerFn[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const topic = this.reflector.get<string | undefined>(ON_EVENT, fn);
        if (!topic) continue;
        const list = handlers.get(topic) ?? [];
        list.push((data, envelope) => fn.call(instance, data, envelope) as Promise<void>);
        handlers.set(topic, list);
      }
    }
    return handlers;
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        MessagingRuntime,
        { provide: EventProducer, useFactory: (runtime: MessagingRuntime) => runtime.producer, inject: [MessagingRuntime] },
      ],
      exports: [MessagingRuntime, EventProducer],
    };
  }
}
