import { deadLetterTopicOf, type EventCatalogue } from '@ctip/contracts';
import type { Admin } from 'kafkajs';

/**
 * Creates every topic of the catalogue and its dead-letter topic if missing. Brokers run with
 * auto.create.topics.enable=false, so a typo in a topic name fails loudly instead of creating it.
 */
export async function provisionTopics(
  admin: Admin,
  catalogue: EventCatalogue,
  options: { partitions: number; replicationFactor: number },
): Promise<string[]> {
  const wanted = Object.keys(catalogue).flatMap((topic) => [topic, deadLetterTopicOf(topic)]);
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t));
  await createTopicsAndWait(
    admin,
    missing.map((topic) => ({
      topic,
      numPartitions: topic.endsWith('.dlq') ? 1 : options.partitions,
      replicationFactor: options.replicationFactor,
    })),
  );
  return missing;
}

/** Creates topics and returns once every partition has a leader. */
export async function createTopicsAndWait(
  admin: Admin,
  topics: { topic: string; numPartitions: number; replicationFactor: number }[],
): Promise<void> {
  if (topics.length === 0) return;
  try {
    await admin.createTopics({ waitForLeaders: true, topics });
  } catch (error) {
    // kafkajs waits for leaders only while the broker answers LEADER_NOT_AVAILABLE; a broker whose
    // metadata has not caught up with the new topics yet answers UNKNOWN_TOPIC_OR_PARTITION instead.
    if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
    await waitForLeaders(
      admin,
      topics.map((t) => t.topic),
    );
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    try {
      const { topics: described } = await admin.fetchTopicMetadata({ topics });
      if (described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION' || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without a leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
