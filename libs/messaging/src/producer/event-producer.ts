import type { EventCatalogue, EventEnvelope, PayloadOf, TopicOf } from '@ctip/contracts';
import { HEADERS } from '@ctip/contracts';
import { metrics } from '@ctip/observability';
import { CompressionTypes, Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import { namespacedTopic } from '../messaging.options';
import { EnvelopeFactory, type EnvelopeOptions } from './envelope-factory';

const published = metrics.counter('ctip_kafka_published_total', 'Events acknowledged by Kafka', ['topic']);

export function envelopeHeaders(envelope: EventEnvelope): IHeaders {
  return {
    [HEADERS.messageId]: envelope.id,
    [HEADERS.eventType]: `${envelope.type}.v${envelope.version}`,
    [HEADERS.correlationId]: envelope.correlationId,
    [HEADERS.contentType]: 'application/json',
  };
}

/**
 * Publishes events with an idempotent producer and acks=all: an acknowledged event is on every
 * in-sync replica, and a retried send never writes it twice. Messages are keyed by aggregate.
 */
export class EventProducer<C extends EventCatalogue = EventCatalogue> {
  private readonly producer: Producer;
  private connecting?: Promise<void>;
  readonly envelopes: EnvelopeFactory<C>;

  constructor(
    kafka: Kafka,
    catalogue: C,
    source: string,
    private readonly namespace?: string,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // murmur2 on the key, as the Java client: an aggregate's events land on the same partition whoever produces them.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.envelopes = new EnvelopeFactory(catalogue, source);
  }

  async connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
  }

  /** Builds the envelope and publishes it directly. State changes use the outbox instead. */
  async publish<T extends TopicOf<C>>(topic: T, data: PayloadOf<C, T>, options?: EnvelopeOptions): Promise<EventEnvelope<PayloadOf<C, T>>> {
    const envelope = this.envelopes.build(topic, data, options);
    await this.send(topic, [envelope]);
    return envelope;
  }

  /** Sends ready-made envelopes (from the outbox) in order; resolves once Kafka acknowledged all. */
  async send(topic: string, envelopes: EventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    await this.connect();
    await this.producer.send({
      topic: namespacedTopic(topic, this.namespace),
      acks: -1,
      compression: CompressionTypes.None,
      messages: envelopes.map((envelope) => ({
        key: envelope.key,
        value: JSON.stringify(envelope),
        headers: envelopeHeaders(envelope),
      })),
    });
    published.inc({ topic }, envelopes.length);
  }

  /** Sends a raw message to a physical topic (dead letters keep the original bytes and headers). */
  async sendRaw(topic: string, message: { key: Buffer | string | null; value: Buffer | string | null; headers: IHeaders }): Promise<void> {
    await this.connect();
    await this.producer.send({ topic, acks: -1, messages: [message] });
  }

  async disconnect(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
    this.connecting = undefined;
  }
}
