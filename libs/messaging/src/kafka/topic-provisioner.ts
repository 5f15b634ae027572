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
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: topic.endsWith('.dlq') ? 1 : options.partitions,
        replicationFactor: options.replicationFactor,
      })),
    });
  }
  return missing;
}
