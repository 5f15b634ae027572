import { setTimeout as sleep } from 'node:timers/promises';
import { deadLetterTopicOf, HEADERS, type DlqReason, type EventCatalogue, type EventEnvelope } from '@ctip/contracts';
import { ConflictError, DomainError, describeDomainError } from '@ctip/errors';
import { Correlation, metrics } from '@ctip/observability';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { InboxRepository } from '../inbox/inbox.repository';
import type { EventProducer } from '../producer/event-producer';
import { isInfrastructureError, NonRetriableError } from './handler-errors';
import { decodeMessage } from './message-decoder';
import { rejoinDecision } from './rejoin';

/** Where a message was read: its (physical) topic, partition and offset. */
export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
}

export type EventHandlerFn = (data: unknown, envelope: EventEnvelope, origin: MessageOrigin) => Promise<void>;

/** One event of those a batch handler gets together. */
export interface BatchedEvent<T = unknown> {
  data: T;
  envelope: EventEnvelope<T>;
  origin: MessageOrigin;
}

/**
 * Handles the valid events of one fetched batch of one partition at once, in offset order (e.g. one
 * database write per aggregate instead of one per event). It must be idempotent by its own keys: a failed
 * or interrupted batch is handled again, one event at a time.
 */
export type EventBatchHandlerFn = (events: BatchedEvent[]) => Promise<void>;

/** How a topic's handlers are run. */
export interface HandlerOptions {
  /**
   * The handler is idempotent by its own keys (deterministic ids of what it writes): the inbox read and
   * write per event buy nothing for it and are skipped when every handler of the topic says so.
   */
  idempotent?: boolean;
  /**
   * The consumer that runs it: handlers of another lane than the default get a consumer (and group) of
   * their own, `<group>.<lane>`, with its own fetches and concurrency, so their events never wait behind
   * the default lane's backlog.
   */
  lane?: string;
  /**
   * Lets the broker gather the lane's events for up to this long per fetch (kafkajs `maxWaitTimeInMs` with
   * a `minBytes` no fetch reaches), so a batch handler gets what arrived in that time at once — e.g. an
   * alert's eleven delivery reports filed on their case in one write instead of one per few. Only for a
   * lane of its own (the wait holds every topic of the lane) whose events may wait that long.
   */
  gatherMs?: number;
}

/** How a consumer fetches: `gatherMs` as in HandlerOptions; without it a fetch returns as soon as anything is there. */
export interface FetchPolicy {
  gatherMs?: number;
}

/** A fetch that gathers (`gatherMs`) returns before its time only with this much: more than such a lane brings. */
const GATHER_MIN_BYTES = 4 * 1024 * 1024;

export interface TopicHandlers {
  handlers: EventHandlerFn[];
  idempotent: boolean;
  /**
   * The topic's events handed over a fetched batch at a time (idempotent topics only); `handlers` then
   * handle one event, as the fallback when a batch fails for another reason than an outage.
   */
  batch?: EventBatchHandlerFn;
}

export interface ConsumerPolicy {
  /** Attempts for a failing handler before the message is dead-lettered. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt. */
  backoffMs: number;
  /** Cap on the delay while a dependency (database, Redis) is down; such errors are retried until it is back. */
  outageBackoffMaxMs: number;
  /** Partitions handled in parallel (order holds within a partition, i.e. per aggregate). */
  partitionsConsumedConcurrently: number;
  /**
   * Events of different keys within one fetched batch of a partition handled at once (events of one key
   * always one after another, in order). 1: the whole partition in order.
   */
  keysConsumedConcurrently: number;
  /** How long the consumer is rebuilt after kafkajs gave up on it during a broker outage, before the process exits. */
  rejoinGiveUpMs: number;
}

export const DEFAULT_POLICY: ConsumerPolicy = {
  maxAttempts: 3,
  backoffMs: 200,
  outageBackoffMaxMs: 5_000,
  partitionsConsumedConcurrently: 3,
  keysConsumedConcurrently: 1,
  rejoinGiveUpMs: 300_000,
};

/** Events handed to a batch handler in one call at most (a fetch may bring thousands). */
const MAX_EVENTS_PER_BATCH_CALL = 500;

const handlerDuration = metrics.histogram('ctip_kafka_handler_duration_seconds', 'Time to handle one event', ['topic', 'group', 'outcome']);
const deadLetters = metrics.counter('ctip_kafka_dead_letters_total', 'Messages sent to a dead-letter topic', ['topic', 'group', 'reason']);
const duplicates = metrics.counter('ctip_kafka_duplicates_skipped_total', 'Redelivered events skipped by the inbox', ['topic', 'group']);
const lag = metrics.gauge('ctip_kafka_consumer_lag', 'Messages behind the end of the partition, per fetched batch', [
  'topic',
  'partition',
  'group',
]);

type Outcome = 'handled' | 'duplicate' | 'dead-lettered';

/**
 * A Kafka consumer that cannot be wedged by a poison message and never skips one silently:
 * validate → skip if already processed → handle with bounded retries → record → commit;
 * a message that cannot be handled goes to `<topic>.dlq` with the reason, then its offset is committed.
 * Offsets are committed only after the message was handled or dead-lettered (at-least-once), and the
 * inbox makes redelivery harmless.
 */
export class EventConsumer {
  private consumer?: Consumer;
  private stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Since when kafkajs has given up on consumers of this group without one joining since (see onCrash). */
  private outageSince?: number;
  private rejoins = 0;
  private rejoinTimer?: NodeJS.Timeout;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly catalogue: EventCatalogue,
    private readonly handlers: Map<string, TopicHandlers>,
    private readonly inbox: InboxRepository,
    private readonly deadLetterProducer: EventProducer,
    private readonly logger: Logger,
    private readonly policy: ConsumerPolicy = DEFAULT_POLICY,
    private readonly fetch: FetchPolicy = {},
  ) {}

  async start(): Promise<void> {
    const topics = [...this.handlers.keys()];
    for (const topic of topics) if (!this.catalogue[topic]) throw new Error(`handler registered for unknown topic ${topic}`);
    await this.join(topics);
    this.logger.info({ group: this.groupId, topics }, 'kafka consumer started');
  }

  /** A new kafkajs consumer in the group, subscribed and running. */
  private async join(topics: string[]): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      // A crashed instance's partitions move to the others after the session timeout: 10 s rather than
      // kafkajs's 30 s, because alerts wait meanwhile. Handlers are short, heartbeats run between messages.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      ...(this.fetch.gatherMs ? { maxWaitTimeInMs: this.fetch.gatherMs, minBytes: GATHER_MIN_BYTES } : { maxWaitTimeInMs: 250 }),
      // After repeated crashes kafkajs gives up; see onCrash for what happens then.
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => this.onCrash(consumer, topics, payload.error, payload.restart));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.outageSince = undefined;
      this.rejoins = 0;
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.policy.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.track(this.eachBatch(payload)),
    });
  }

  /**
   * kafkajs restarts its consumer after a retriable crash. Some errors of a broker outage it marks
   * non-retriable and then stops for good (KafkaJSGroupCoordinatorNotFound while the broker restarts,
   * tulios/kafkajs#1630): for an error of kafkajs's own the consumer is rebuilt and joins the group again,
   * with a growing pause, until the outage has lasted `rejoinGiveUpMs`. Anything else, or an outage beyond
   * that, shuts the process down in order (SIGTERM runs the shutdown hooks) with a non-zero exit, so the
   * orchestrator starts it again: a service without its consumer must not stay up looking ready.
   */
  private onCrash(consumer: Consumer, topics: string[], error: Error, restarting: boolean): void {
    this.logger.error({ err: error, restart: restarting, group: this.groupId }, 'kafka consumer crashed');
    if (restarting || this.stopping || consumer !== this.consumer) return;
    const decision = rejoinDecision(error, this.outageSince, Date.now(), this.rejoins, this.policy.rejoinGiveUpMs);
    if (decision.rejoin) {
      this.outageSince ??= Date.now();
      this.rejoins += 1;
      this.logger.warn({ group: this.groupId, inMs: decision.delayMs, attempt: this.rejoins }, 'kafka consumer joins the group again');
      this.rejoinTimer = setTimeout(() => void this.rejoin(consumer, topics), decision.delayMs);
      return;
    }
    this.logger.fatal({ group: this.groupId, reason: decision.reason }, 'kafka consumer cannot go on: shutting down');
    process.exitCode = 1;
    process.kill(process.pid, 'SIGTERM');
  }

  private async rejoin(old: Consumer, topics: string[]): Promise<void> {
    this.rejoinTimer = undefined;
    await old.disconnect().catch(() => undefined);
    if (this.stopping) return;
    try {
      await this.join(topics);
      this.logger.info({ group: this.groupId }, 'kafka consumer rebuilt');
    } catch (error) {
      // connect() or subscribe() failed (the broker is still away): judged like a crash of the new consumer.
      const failed = this.consumer;
      if (failed) this.onCrash(failed, topics, error instanceof Error ? error : new Error(String(error)), false);
    }
  }

  /** Stop fetching, let in-flight messages finish, commit what was handled, leave the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.rejoinTimer);
    await Promise.allSettled([...this.inFlight]);
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  /**
   * Handles a fetched batch of one partition: the events of each key in order, up to
   * keysConsumedConcurrently keys at once; the offset moves over the prefix of the batch that is done, so
   * a stop or a crash redelivers only what was not (and the inbox or the handler's own keys make that harmless).
   */
  private async eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    lag.set({ topic: batch.topic, partition: String(batch.partition), group: this.groupId }, Number(batch.offsetLag()));
    const together = this.handlers.get(batch.topic)?.batch;
    if (together)
      return this.eachBatchTogether({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }, together);
    const messages = batch.messages;
    const done: boolean[] = new Array(messages.length).fill(false);
    let resolved = 0;
    const advance = async () => {
      while (resolved < messages.length && done[resolved]) resolveOffset(messages[resolved++].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    };
    const byKey = new Map<string, number[]>();
    messages.forEach((message, i) => {
      const key = message.key?.toString('latin1') ?? '';
      const chain = byKey.get(key);
      if (chain) chain.push(i);
      else byKey.set(key, [i]);
    });
    const width = Math.max(1, this.policy.keysConsumedConcurrently);
    const chains = width === 1 ? [messages.map((_, i) => i)] : [...byKey.values()];
    const runChain = async (chain: number[]) => {
      for (const i of chain) {
        if (this.stopping || !isRunning() || isStale()) return false;
        if (!(await this.process(batch.topic, batch.partition, messages[i], heartbeat))) return false; // stopping: redelivered later
        done[i] = true;
        if (i === resolved) await advance();
      }
      return true;
    };
    let next = 0;
    const lanes = Array.from({ length: Math.min(width, chains.length) }, async () => {
      while (next < chains.length) if (!(await runChain(chains[next++]))) return;
    });
    await Promise.all(lanes);
    // A stale batch (its partition moved in a rebalance) or a stop: what was resolved is committed by kafkajs; no further call.
    if (!this.stopping && isRunning() && !isStale()) await advance();
  }

  /**
   * A batch handler's partition batch: in chunks of at most MAX_EVENTS_PER_BATCH_CALL, each chunk's
   * malformed messages dead-lettered, its valid events handed over in one call, then its offsets resolved
   * and committed. While a dependency is down the call is retried; any other failure hands the chunk's
   * events over one at a time, each with the usual retries and dead letter, so one poison event stops only itself.
   */
  private async eachBatchTogether(
    {
      batch,
      resolveOffset,
      heartbeat,
      commitOffsetsIfNecessary,
      isRunning,
      isStale,
    }: Pick<EachBatchPayload, 'batch' | 'resolveOffset' | 'heartbeat' | 'commitOffsetsIfNecessary' | 'isRunning' | 'isStale'>,
    handler: EventBatchHandlerFn,
  ): Promise<void> {
    const { topic, partition, messages } = batch;
    for (let start = 0; start < messages.length; start += MAX_EVENTS_PER_BATCH_CALL) {
      if (this.stopping || !isRunning() || isStale()) return;
      const chunk = messages.slice(start, start + MAX_EVENTS_PER_BATCH_CALL);
      if (!(await this.processTogether(topic, partition, chunk, handler, heartbeat))) return; // stopping: redelivered later
      for (const message of chunk) resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /** Returns false only when the consumer is stopping before the chunk could be finished. */
  private async processTogether(
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
    handler: EventBatchHandlerFn,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
    const started = process.hrtime.bigint();
    const definition = this.catalogue[topic];
    const valid: { message: KafkaMessage; event: BatchedEvent }[] = [];
    for (const message of chunk) {
      const decoded = decodeMessage(message.value, definition);
      if (decoded.ok) {
        const { envelope } = decoded;
        valid.push({ message, event: { data: envelope.data, envelope, origin: { topic, partition, offset: message.offset } } });
        continue;
      }
      if (!(await this.deadLetter(topic, partition, message, decoded.reason, decoded.error, 0))) return false;
      handlerDuration.observe({ topic, group: this.groupId, outcome: 'dead-lettered' }, 0);
    }
    if (valid.length === 0) return true;
    let outageDelay = this.policy.backoffMs;
    for (;;) {
      try {
        // The call's log lines carry the first event's correlation id; each event keeps its own in `envelope`.
        const first = valid[0].event.envelope;
        await Correlation.run({ correlationId: first.correlationId, causationId: first.id }, () => handler(valid.map((v) => v.event)));
        const each = Number(process.hrtime.bigint() - started) / 1e9 / valid.length;
        for (let i = 0; i < valid.length; i += 1) handlerDuration.observe({ topic, group: this.groupId, outcome: 'handled' }, each);
        return true;
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        if (this.stopping) return false;
        if (isInfrastructureError(err)) {
          outageDelay = await this.waitOutOutage({ topic, events: valid.length }, err, outageDelay, heartbeat);
          continue;
        }
        this.logger.warn(
          { topic, events: valid.length, err: { name: err.name, message: err.message } },
          'batch handler failed, handling its events one at a time',
        );
        for (const { message } of valid) if (!(await this.process(topic, partition, message, heartbeat))) return false;
        return true;
      }
    }
  }

  /** Returns false only when the consumer is stopping before the message could be finished. */
  private async process(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<boolean> {
    const started = process.hrtime.bigint();
    const definition = this.catalogue[topic];
    const decoded = decodeMessage(message.value, definition);
    let outcome: Outcome;
    if (!decoded.ok) {
      const done = await this.deadLetter(topic, partition, message, decoded.reason, decoded.error, 0);
      if (!done) return false;
      outcome = 'dead-lettered';
    } else {
      const result = await Correlation.run({ correlationId: decoded.envelope.correlationId, causationId: decoded.envelope.id }, () =>
        this.handle(topic, partition, message, decoded.envelope, heartbeat),
      );
      if (result === 'stopped') return false;
      outcome = result;
    }
    handlerDuration.observe({ topic, group: this.groupId, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    return true;
  }

  private async handle(
    topic: string,
    partition: number,
    message: KafkaMessage,
    envelope: EventEnvelope,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome | 'stopped'> {
    const { handlers, idempotent } = this.handlers.get(topic) ?? { handlers: [], idempotent: false };
    let attempt = 0;
    let outageDelay = this.policy.backoffMs;
    for (;;) {
      try {
        if (!idempotent && (await this.inbox.has(this.groupId, envelope.id))) {
          duplicates.inc({ topic, group: this.groupId });
          this.logger.debug({ topic, eventId: envelope.id }, 'duplicate event skipped');
          return 'duplicate';
        }
        for (const handler of handlers) await handler(envelope.data, envelope, { topic, partition, offset: message.offset });
        if (!idempotent) await this.inbox.record(this.groupId, envelope.id, topic);
        return 'handled';
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        if (this.stopping) return 'stopped';
        if (isInfrastructureError(err)) {
          outageDelay = await this.waitOutOutage({ topic, eventId: envelope.id }, err, outageDelay, heartbeat);
          continue;
        }
        attempt += 1;
        // A domain error cannot succeed on retry — except a conflict, which may be a race with a concurrent
        // write (`modifyVersioned`'s "being changed by many requests at once"): it gets the bounded retries.
        const final = err instanceof NonRetriableError || (err instanceof DomainError && !(err instanceof ConflictError));
        if (final || attempt >= this.policy.maxAttempts) {
          const reason: DlqReason = final ? 'non-retriable' : 'handler-failed';
          const text = err instanceof DomainError ? describeDomainError(err) : err.message;
          return (await this.deadLetter(topic, partition, message, reason, `${err.name}: ${text}`, attempt)) ? 'dead-lettered' : 'stopped';
        }
        this.logger.warn(
          { topic, eventId: envelope.id, attempt, err: { name: err.name, message: err.message } },
          'handler failed, retrying',
        );
        await sleep(this.policy.backoffMs * 2 ** (attempt - 1));
        await heartbeat().catch(() => undefined);
      }
    }
  }

  /** A dependency is down: logs, waits `delay` (heartbeating after), and returns the next, longer delay. */
  private async waitOutOutage(
    context: Record<string, unknown>,
    err: Error,
    delay: number,
    heartbeat: () => Promise<void>,
  ): Promise<number> {
    this.logger.warn({ ...context, err: { name: err.name, message: err.message } }, 'dependency unavailable, retrying');
    await sleep(delay);
    await heartbeat().catch(() => undefined);
    return Math.min(delay * 2, this.policy.outageBackoffMaxMs);
  }

  /** Publishes the original message with its headers plus the reason; retried while Kafka is unreachable. */
  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DlqReason,
    error: string,
    attempts: number,
  ): Promise<boolean> {
    const headers: IHeaders = {
      ...message.headers,
      [HEADERS.dlqReason]: reason,
      [HEADERS.dlqError]: error.slice(0, 2_000),
      [HEADERS.dlqSourceTopic]: topic,
      [HEADERS.dlqSourcePartition]: String(partition),
      [HEADERS.dlqSourceOffset]: message.offset,
      [HEADERS.dlqConsumerGroup]: this.groupId,
      [HEADERS.dlqAttempts]: String(attempts),
      [HEADERS.dlqFailedAt]: new Date().toISOString(),
    };
    let delay = this.policy.backoffMs;
    for (;;) {
      try {
        await this.deadLetterProducer.sendRaw(deadLetterTopicOf(topic), { key: message.key, value: message.value, headers });
        deadLetters.inc({ topic, group: this.groupId, reason });
        this.logger.error({ topic, partition, offset: message.offset, reason, error }, 'message dead-lettered');
        return true;
      } catch (sendError) {
        if (this.stopping) return false;
        this.logger.warn({ err: sendError, topic }, 'dead-letter publish failed, retrying');
        await sleep(delay);
        delay = Math.min(delay * 2, this.policy.outageBackoffMaxMs);
      }
    }
  }
}
