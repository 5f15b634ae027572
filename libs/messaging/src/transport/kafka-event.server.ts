import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { EventCatalogue } from '@ctip/contracts';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  DEFAULT_POLICY,
  EventConsumer,
  type ConsumerPolicy,
  type EventBatchHandlerFn,
  type HandlerOptions,
  type TopicHandlers,
} from '../consumer/event-consumer';
import { InboxRepository } from '../inbox/inbox.repository';
import { namespacedCatalogue, namespacedTopic } from '../messaging.options';
import type { EventProducer } from '../producer/event-producer';
import { EventContext } from './event-context';

/** Identifies handlers bound to this transport (`@EventPattern(topic, CTIP_KAFKA)` is never needed: ours is the only one). */
export const CTIP_KAFKA = Symbol('ctip-kafka');

/** A handler's extras: its options, and the batch form of a handler registered with `registerBatchHandler`. */
export interface HandlerExtras extends HandlerOptions {
  batch?: EventBatchHandlerFn;
}

const INBOX_RETENTION_MS = 14 * 24 * 3600_000;
const DEFAULT_LANE = 'default';

export interface KafkaEventServerOptions {
  kafka: Kafka;
  /** The consumer group, already namespaced. */
  groupId: string;
  catalogue: EventCatalogue;
  namespace?: string;
  connection: Connection;
  deadLetterProducer: EventProducer;
  logger: Logger;
}

/**
 * The Nest transport for our Kafka events: handlers are ordinary `@EventPattern(topic)` methods with
 * `@Payload()` and `@Ctx()`, run through Nest's pipeline (pipes, interceptors, filters), and the
 * transport under them is `EventConsumer`, which keeps the guarantees Nest's `ServerKafka` does not:
 * validation with dead-lettering, inbox deduplication, bounded retries, outages waited out, offsets
 * committed only after handling, partition order (see docs/architecture.md, "Messaging").
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  override readonly transportId = CTIP_KAFKA;
  /** The transport awaits each handler's stream and sees its error itself (it decides retry or dead letter). */
  override readonly propagatesEventHandlerErrors = true;
  /** One consumer per lane (see HandlerOptions.lane); the default lane's first. */
  private consumers: EventConsumer[] = [];
  private purgeTimer?: NodeJS.Timeout;
  private policy: ConsumerPolicy = DEFAULT_POLICY;

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
  }

  /** Overrides the retry policy (tests use short backoffs). Takes effect at `listen`. */
  usePolicy(policy: Partial<ConsumerPolicy>): void {
    this.policy = { ...this.policy, ...policy };
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops fetching, lets in-flight messages finish, commits, leaves the group. Safe to call twice. */
  async close(): Promise<void> {
    clearInterval(this.purgeTimer);
    const consumers = this.consumers;
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    // Cleared only once drained, committed and out of the group: `unwrap` answers until then.
    if (this.consumers === consumers) this.consumers = [];
  }

  on(): never {
    throw new Error('KafkaEventServer has no events to subscribe to; see the service log');
  }

  unwrap<T>(): T {
    if (this.consumers.length === 0) throw new Error('the Kafka consumer is not running');
    return this.consumers[0] as T;
  }

  private async start(): Promise<void> {
    const lanes = new Map<string, Map<string, TopicHandlers>>();
    const gathering = new Map<string, number | undefined>();
    for (const [topic, handler] of this.getHandlers()) {
      if (!handler.isEventHandler) {
        throw new Error(`@MessagePattern('${topic}') is not supported: services exchange events over Kafka, never requests`);
      }
      // Handlers of one topic are chained (`next`); the topic is idempotent only if every one of them is.
      const chain: MessageHandler[] = [];
      for (let h: MessageHandler | undefined = handler; h; h = h.next) chain.push(h);
      const lanesOfChain = new Set(chain.map((h) => (h.extras as HandlerOptions | undefined)?.lane ?? DEFAULT_LANE));
      if (lanesOfChain.size > 1)
        throw new Error(`handlers of ${topic} name different lanes (${[...lanesOfChain].join(', ')}): one topic, one lane`);
      const [lane] = lanesOfChain;
      const gatherMs = chain.map((h) => (h.extras as HandlerOptions | undefined)?.gatherMs).find((ms) => ms !== undefined);
      if (gatherMs !== undefined && lane === DEFAULT_LANE)
        throw new Error(`${topic} gathers its events (gatherMs) in the default lane: give it a lane of its own`);
      if (gathering.has(lane) && gathering.get(lane) !== gatherMs)
        throw new Error(`the topics of lane ${lane} gather their events for different times: one lane, one fetch`);
      gathering.set(lane, gatherMs);
      const batch = chain.map((h) => (h.extras as HandlerExtras | undefined)?.batch).find((b) => b !== undefined);
      if (batch && chain.length > 1)
        throw new Error(`${topic} has a batch handler and others: a batch handler must be the topic's only one`);
      if (!lanes.has(lane)) lanes.set(lane, new Map());
      lanes.get(lane)!.set(namespacedTopic(topic, this.options.namespace), {
        handlers: [(data, envelope, delivery) => this.invoke(handler, data, new EventContext([envelope, { ...delivery, topic }]))],
        idempotent: chain.every((h) => (h.extras as HandlerOptions | undefined)?.idempotent === true),
        ...(batch ? { batch } : {}),
      });
    }
    if (lanes.size === 0) return;
    const inbox = new InboxRepository(this.options.connection);
    await inbox.init();
    const catalogue = namespacedCatalogue(this.options.catalogue, this.options.namespace);
    for (const [lane, handlers] of lanes) {
      const groupId = lane === DEFAULT_LANE ? this.options.groupId : `${this.options.groupId}.${lane}`;
      const consumer = new EventConsumer(
        this.options.kafka,
        groupId,
        catalogue,
        handlers,
        inbox,
        this.options.deadLetterProducer,
        this.options.logger,
        this.policy,
        { gatherMs: gathering.get(lane) },
      );
      this.consumers.push(consumer);
      await consumer.start();
    }
    this.purgeTimer = setInterval(() => {
      inbox
        .purgeOlderThan(new Date(Date.now() - INBOX_RETENTION_MS))
        .catch((err: unknown) => this.options.logger.warn({ err }, 'inbox purge failed'));
    }, 3600_000).unref();
  }

  /** Runs Nest's handler chain and waits for its stream, so a failure reaches the consumer's retry rules. */
  private async invoke(handler: MessageHandler, data: unknown, context: EventContext): Promise<void> {
    try {
      const result: unknown = await handler(data, context);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    } catch (error) {
      if (error instanceof Error) throw error;
      // Only an exception filter that swallowed the original error produces this (Nest's default turns every
      // error into { status, message }); EventErrorPassthroughFilter prevents it on this transport.
      throw new Error(`event handler failed with ${JSON.stringify(error)} (an exception filter replaced the original error)`);
    }
  }
}
