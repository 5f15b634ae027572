import type { mongo } from 'mongoose';
import { BULK_CHUNK } from './chunked-bulk-write';

/** What a batched update learns: whether every update of its command matched (then its own did too). */
export interface BatchedWrite {
  allMatched: boolean;
}

interface Pending<T extends mongo.Document> {
  operation: mongo.AnyBulkWriteOperation<T>;
  resolve: (result: BatchedWrite) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for single-document updates from many concurrent callers (delivery workers): an update
 * that arrives while none is in flight goes out at once, alone; those that arrive meanwhile wait for it
 * and then go out together, as one unordered `bulkWrite` of at most BULK_CHUNK. Nothing waits for a timer,
 * so an idle service pays no latency, and a busy one pays one command per batch instead of one per update:
 * FerretDB's relay serializes writes, and a command of 50 updates by `_id` costs it about what one does.
 *
 * A bulk write reports matches for the command, not per update: `allMatched` false means some update of
 * the batch found no document; a caller whose update is guarded (a claim token) then reads its document to
 * see whether its own did. An error rejects every update of the batch; they are idempotent, retry them.
 */
export class WriteBatcher<T extends mongo.Document> {
  private queue: Pending<T>[] = [];
  private flushing = false;

  constructor(
    private readonly collection: mongo.Collection<T>,
    private readonly maxBatch = BULK_CHUNK,
  ) {}

  updateOne(filter: mongo.Filter<T>, update: mongo.UpdateFilter<T>): Promise<BatchedWrite> {
    return new Promise<BatchedWrite>((resolve, reject) => {
      this.queue.push({ operation: { updateOne: { filter, update } } as mongo.AnyBulkWriteOperation<T>, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const result = await this.collection.bulkWrite(
          batch.map((p) => p.operation),
          { ordered: false },
        );
        const allMatched = result.matchedCount === batch.length;
        for (const pending of batch) pending.resolve({ allMatched });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushing = false;
  }
}
