import { randomBytes } from 'node:crypto';
import { createTopics } from '@ctip/testing';
import { CompressionTypes, type Kafka } from 'kafkajs';
import { paced } from './stats';

/**
 * The raw limit of the transport on this machine: kafkajs produce → consume round trips on the same
 * broker, with the producer and consumer settings the services use (idempotent, acks=all, one request in
 * flight; fetch wait 250 ms), the same message size and the same rate. Returns one duration (ms) per
 * message, from just before `send` to the consumer's callback.
 */
export async function rawRoundTrips(
  kafka: Kafka,
  options: { topic: string; count: number; perSecond: number; messageBytes: number },
): Promise<number[]> {
  await createTopics(kafka, [options.topic], 1);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `${options.topic}.consumer`, maxWaitTimeInMs: 250, sessionTimeout: 10_000 });
  const durations: number[] = [];
  let allReceived: () => void = () => undefined;
  const received = new Promise<void>((resolve) => (allReceived = resolve));
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const sentAt = Number(message.headers?.sentAt?.toString());
        durations.push(performance.now() - sentAt);
        if (durations.length >= options.count) allReceived();
      },
    });
    await joined;
    const body = randomBytes(Math.ceil(options.messageBytes / 2))
      .toString('hex')
      .slice(0, options.messageBytes);
    await paced(options.count, options.perSecond, async (index) => {
      await producer.send({
        topic: options.topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: [{ key: `case-${index}`, value: body, headers: { sentAt: String(performance.now()) } }],
      });
    });
    await Promise.race([
      received,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`baseline: ${durations.length} of ${options.count} messages came back in 60 s`)), 60_000).unref(),
      ),
    ]);
    return durations;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}
