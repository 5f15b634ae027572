import type { mongo } from 'mongoose';
import { INSERT_CHUNK, insertAllIfAbsent } from './chunked-bulk-write';

interface Pending<T> {
  documents: mongo.OptionalUnlessRequiredId<T>[];
  resolve: (refused: number[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for inserts-if-absent from many concurrent callers (the handlers of a fetched batch of
 * events, each planning a few deliveries): documents that arrive while no insert is in flight go out at
 * once; those that arrive meanwhile wait for it and then go out together, up to `maxBatch` a command
 * (`insertAllIfAbsent`: unordered, an id already taken keeps its first document). Nothing waits for a
 * timer, so an idle service pays no latency; a busy one pays one command per batch instead of one per
 * caller. A caller larger than `maxBatch` (a meeting's fan-out) does not queue: it inserts in chunks of its
 * own, so the others' small inserts get in between them rather than waiting for all. Each caller learns which of its
 * documents the primary key refused; an error rejects every caller of the batch (the inserts are
 * idempotent: retry them).
 */
export class InsertBatcher<T extends mongo.Document> {
  private queue: Pending<T>[] = [];
  private flushing = false;

  constructor(
    private readonly collection: Pick<mongo.Collection<T>, 'insertMany'>,
    private readonly maxBatch = INSERT_CHUNK,
  ) {}

  /** Inserts the documents unless their ids are taken; resolves with the positions refused. */
  insertAllIfAbsent(documents: mongo.OptionalUnlessRequiredId<T>[]): Promise<number[]> {
    if (documents.length === 0) return Promise.resolve([]);
    if (documents.length > this.maxBatch) return insertAllIfAbsent(this.collection, documents, this.maxBatch);
    return new Promise<number[]>((resolve, reject) => {
      this.queue.push({ documents, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch: Pending<T>[] = [this.queue.shift()!];
      let size = batch[0].documents.length;
      while (this.queue.length > 0 && size + this.queue[0].documents.length <= this.maxBatch) {
        size += this.queue[0].documents.length;
        batch.push(this.queue.shift()!);
      }
      try {
        const refused = new Set(
          await insertAllIfAbsent(
            this.collection,
            batch.flatMap((p) => p.documents),
            this.maxBatch,
          ),
        );
        let offset = 0;
        for (const pending of batch) {
          const start = offset;
          offset += pending.documents.length;
          pending.resolve(pending.documents.flatMap((_, i) => (refused.has(start + i) ? [i] : [])));
        }
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushing = false;
  }
}
