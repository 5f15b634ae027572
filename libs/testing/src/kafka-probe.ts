import { createTopicsAndWait, quietIdleRequestQueues } from '@ctip/messaging';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';

export function testKafka(): Kafka {
  quietIdleRequestQueues();
  return new Kafka({ clientId: 'ctip-test', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
}

export async function createTopics(kafka: Kafka, topics: string[], partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsAndWait(
      admin,
      topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    );
  } finally {
    await admin.disconnect();
  }
}

export interface RecordedMessage {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('utf8') : String(v)]));
}

/** Records every message of some topics from the beginning, for assertions with expectEventually. */
export class TopicRecorder {
  readonly messages = new Map<string, RecordedMessage[]>();
  private readonly consumer;

  constructor(kafka: Kafka, groupId: string) {
    this.consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  }

  async start(topics: string[]): Promise<this> {
    await this.consumer.connect();
    try {
      await this.consumer.subscribe({ topics, fromBeginning: true });
    } catch (error) {
      await this.consumer.disconnect(); // a failed start must not leave a connection that keeps Jest alive
      throw error;
    }
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const list = this.messages.get(topic) ?? [];
        list.push({
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers: decodeHeaders(message.headers),
          partition,
          offset: message.offset,
        });
        this.messages.set(topic, list);
      },
    });
    return this;
  }

  of(topic: string): RecordedMessage[] {
    return this.messages.get(topic) ?? [];
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/**
 * Deletes the topics of a test namespace (`<namespace>.…`) when its test is done. Every namespace makes a
 * topic per catalogue entry and its dead-letter topic (~140 partitions); a broker keeping them all runs out
 * of file descriptors within an afternoon of test runs, and restarts slowly. Best effort: a broker that is
 * away (a fault drill) leaves them to the next clean start.
 */
export async function deleteNamespaceTopics(namespace: string): Promise<void> {
  const admin = testKafka().admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 15_000 });
  } catch {
    // Left to the next run; topics of finished tests harm nothing but the broker's size.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** `__consumer_offsets` partitions of a broker with Kafka's default `offsets.topic.num.partitions`. */
const OFFSETS_PARTITIONS = 50;

/** One group id per `__consumer_offsets` partition (Kafka places a group by `abs(groupId.hashCode()) % 50`). */
function groupPerOffsetsPartition(): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < OFFSETS_PARTITIONS; i += 1) {
    const id = `ctip-coordinator-probe-${i}`;
    let hash = 0;
    for (const char of id) hash = (Math.imul(31, hash) + char.charCodeAt(0)) | 0;
    const partition = (hash & 0x7fffffff) % OFFSETS_PARTITIONS;
    if (!byPartition.has(partition)) byPartition.set(partition, id);
  }
  return [...byPartition.values()];
}

/**
 * Waits until every group coordinator answers. A broker that was just (re)started loads its consumer
 * offsets first; on a slow machine, after a test run that left many groups, that took longer than a
 * consumer's startup retries (about 30 s), and services started meanwhile stopped with "Failed to find
 * group coordinator" (by design: an orchestrator restarts them; a test stack does not).
 */
export async function waitForGroupCoordinators(timeoutMs = 180_000): Promise<void> {
  const groups = groupPerOffsetsPartition();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = testKafka().admin();
    try {
      await admin.connect();
      await admin.describeGroups(groups);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
