import type { Collection, Connection } from 'mongoose';

interface ProcessedMessage {
  _id: string;
  consumer: string;
  messageId: string;
  topic: string;
  processedAt: Date;
}

/**
 * The idempotent-consumer record: one document per (consumer group, event id), keyed by `_id` so the
 * primary key's uniqueness does the deduplication. Kept for a retention window (no TTL indexes on the
 * test database): redeliveries come within minutes, the window is days.
 */
export class InboxRepository {
  private readonly collection: Collection<ProcessedMessage>;

  constructor(connection: Connection) {
    this.collection = connection.collection<ProcessedMessage>('processed_messages');
  }

  async init(): Promise<void> {
    // Serves purgeOlderThan.
    await this.collection.createIndex({ processedAt: 1 });
  }

  async has(consumer: string, messageId: string): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${consumer}/${messageId}` }, { projection: { _id: 1 } })) !== null;
  }

  async record(consumer: string, messageId: string, topic: string): Promise<void> {
    await this.collection.updateOne(
      { _id: `${consumer}/${messageId}` },
      { $setOnInsert: { consumer, messageId, topic, processedAt: new Date() } },
      { upsert: true },
    );
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ processedAt: { $lt: cutoff } })).deletedCount;
  }
}
