import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Catalogue, EventCatalogue, PayloadOf, TopicOf } from '@ctip/contracts';
import { EventProducer, type EnvelopeOptions } from '@ctip/messaging';
import { metrics } from '@ctip/observability';
import type { Collection, Model } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import type { OutboxEntry, WithOutbox } from './outbox-entry.schema';
import { OUTBOX_PENDING_INDEX, type OutboxPendingIndex } from './outbox-pending-index';

const relayed = metrics.counter('ctip_outbox_relayed_total', 'Outbox entries published and removed', ['path']);
const relayFailures = metrics.counter('ctip_outbox_relay_failures_total', 'Outbox publishes that failed and wait for the sweeper', [
  'path',
]);

export interface PublishOptions {
  /**
   * Removes the published entries without reading the document first, for a caller that pushed them
   * exactly as given (the raw driver, no schema casting) and adds no other entry to the document meanwhile
   * (e.g. a batched `$pullAll` of them). Should an entry stay all the same, the sweeper's full scan
   * publishes it again under its id, which consumers deduplicate.
   */
  pullExact?: (entries: OutboxEntry[]) => Promise<unknown>;
  /**
   * Leaves the published entries in the document for the caller to remove with a write it makes anyway
   * (a case's first delivery reports clear its outbox in the same update), instead of a read and an update
   * of their own right away. The caller gets the removal to finish: `removedElsewhere` once its write took
   * the entries out, `removeNow` for the ordinary removal (its write did not happen in time, or did not
   * match). The pending mark is moved `holdMs` ahead meanwhile, so the sweeper does not publish them again
   * while they wait; a process dying in between leaves the mark, and the sweeper publishes them once more
   * under their ids, which consumers deduplicate.
   */
  deferRemoval?: { holdMs: number; take: (removal: DeferredRemoval) => void };
}

/** Finishes a removal the caller took over (PublishOptions.deferRemoval); each settles the pending mark. */
export interface DeferredRemoval {
  removedElsewhere(): Promise<void>;
  removeNow(): Promise<void>;
}

/** How long the fast path holds its caller; see store. */
export const FAST_PATH_WAIT_MS = 2_000;

/**
 * Creates outbox entries and relays them: right after the write that stored them (fast path), and
 * again from the sweeper for whatever a crash left behind. An entry is removed only after Kafka
 * acknowledged it, so it may be published twice but never lost; consumers deduplicate by event id.
 */
@Injectable()
export class Outbox<C extends EventCatalogue = Catalogue> {
  /** Read and written without the model's typing: the outbox touches only `_id` and `outbox`. */
  private readonly collections = new Set<Collection<WithOutbox>>();

  constructor(
    private readonly producer: EventProducer<C>,
    private readonly logger: PinoLogger,
    @Optional() @Inject(OUTBOX_PENDING_INDEX) readonly pending?: OutboxPendingIndex,
  ) {}

  /** Builds a validated entry to store with the state change, e.g. `$push: { outbox: { $each: entries } }`. */
  entry<T extends TopicOf<C>>(topic: T, data: PayloadOf<C, T>, options?: EnvelopeOptions): OutboxEntry {
    const envelope = this.producer.envelopes.build(topic, data, options);
    return { id: envelope.id, topic, envelope, createdAt: new Date() };
  }

  /** Registers a model whose documents carry an outbox (see addOutbox), for the sweeper. */
  track<T extends WithOutbox>(model: Model<T>): void {
    this.collections.add(outboxCollection(model));
  }

  tracked(): Collection<WithOutbox>[] {
    return [...this.collections];
  }

  /**
   * Stores entries with the write that causes them, then publishes them (the fast path). `write` is the
   * single-document write holding the entries (state and events in one atomic update) and says whether it
   * applied; a write that did not (a lost version race, a guard that failed) stores and publishes nothing.
   *
   * The document is marked in the pending index **before** the write: a process that dies after its write
   * leaves a mark, so the sweeper finds the entries by key, never by a scan. A mark this call set whose
   * write did not apply is removed at once (an older mark stays: other entries stand behind it), one whose
   * write threw is left to the sweeper (it finds no entries and clears it). Returns whether the write applied.
   *
   * Publishing failures are logged, not thrown: the write succeeded. The caller waits for Kafka's
   * acknowledgement at most FAST_PATH_WAIT_MS: while the broker is away the producer keeps retrying for
   * about a minute, and a request (an urgent report, a delivery worker) must not wait with it. The publish
   * goes on in the background; the entries stay stored for the sweeper meanwhile.
   */
  async store<T extends WithOutbox>(
    model: Model<T>,
    id: string,
    entries: OutboxEntry[],
    write: () => Promise<boolean>,
    options: PublishOptions = {},
  ): Promise<boolean> {
    if (entries.length === 0) return write();
    const collection = outboxCollection(model);
    const mark = await this.markPending(collection.collectionName, id);
    const score = mark?.score;
    if (!(await write())) {
      // Only a mark this call set: an older one stands for entries still in the document (another write's,
      // or published ones whose removal waits), and clearing it would leave them to the rare full scan.
      if (mark?.created) await this.pending!.clear(collection.collectionName, id, mark.score).catch(() => undefined);
      return false;
    }
    const settle = async (remaining: number, mark = score) => {
      if (mark !== undefined && remaining === 0) await this.pending!.clear(collection.collectionName, id, mark).catch(() => undefined);
    };
    const deferred = options.deferRemoval;
    const published = (deferred ? this.publish(entries).then(() => -1) : this.relay(collection, id, entries, options.pullExact)).then(
      async (remaining) => {
        relayed.inc({ path: 'immediate' }, entries.length);
        if (!deferred) return settle(remaining);
        const held = score === undefined ? undefined : await this.postponeMark(collection.collectionName, id, score, deferred.holdMs);
        const ids = new Set(entries.map((e) => e.id));
        deferred.take({
          removedElsewhere: () => settle(0, held),
          removeNow: async () => settle(await this.remove(collection, id, ids), held),
        });
      },
      (err: unknown) => {
        relayFailures.inc({ path: 'immediate' });
        this.logger.warn({ err, collection: collection.collectionName }, 'outbox publish failed; the sweeper will retry');
      },
    );
    await atMostFastPathWait(published, undefined);
    return true;
  }

  /**
   * For a state change whose one event has a deterministic id (`EnvelopeOptions.id`: consumers drop a
   * repeat): publishes the event first, then writes the state without storing it — saving the entry's
   * store, its removal and the index marks on the common path. Only when Kafka does not acknowledge
   * within FAST_PATH_WAIT_MS is the entry stored with the write (`store`), for the sweeper. `write` gets
   * the entries to store with the state ([] once published). A process that dies between the publish and
   * the write leaves the state unchanged, so whoever takes the work over publishes the same id again.
   */
  async publishThenWrite<T extends WithOutbox>(
    model: Model<T>,
    id: string,
    entry: OutboxEntry,
    write: (entries: OutboxEntry[]) => Promise<boolean>,
    options: PublishOptions = {},
  ): Promise<boolean> {
    const sent = this.producer.send(entry.topic, [entry.envelope]).then(
      () => true,
      (err: unknown) => {
        relayFailures.inc({ path: 'direct' });
        this.logger.warn({ err, collection: model.collection.name }, 'direct publish failed; the event is stored for the sweeper');
        return false;
      },
    );
    if (await atMostFastPathWait(sent, false)) {
      relayed.inc({ path: 'direct' });
      return write([]);
    }
    return this.store(model, id, [entry], () => write([entry]), options);
  }

  /**
   * Marks a document that is about to hold entries; an index that cannot be reached costs nothing but
   * speed: the sweeper's full scan (at start and every `fullSweepIntervalMs`) finds the entries.
   */
  private async markPending(collection: string, id: string): Promise<{ score: number; created: boolean } | undefined> {
    return this.pending?.mark(collection, id).catch((err: unknown) => {
      this.logger.warn({ err }, 'outbox pending index unavailable; the sweeper’s full scan covers this entry');
      return undefined;
    });
  }

  /**
   * Moves a mark `holdMs` ahead if it is unchanged, so the sweeper leaves entries whose removal waits; returns
   * the mark's score now (the old one if it could not be moved: the sweeper may then publish them once more).
   */
  private async postponeMark(collection: string, id: string, score: number, holdMs: number): Promise<number> {
    const later = Date.now() + holdMs;
    return (await this.pending!.postpone(collection, id, score, later).catch(() => false)) ? later : score;
  }

  /** Publishes entries in their stored order, then removes exactly those entries; returns how many the document still holds. */
  async relay(
    collection: Collection<WithOutbox>,
    id: string,
    entries: OutboxEntry[],
    pullExact?: PublishOptions['pullExact'],
  ): Promise<number> {
    await this.publish(entries);
    if (!pullExact) return this.remove(collection, id, new Set(entries.map((e) => e.id)));
    await pullExact(entries);
    return 0;
  }

  /** Publishes entries in their stored order, one send per run of the same topic. */
  private async publish(entries: OutboxEntry[]): Promise<void> {
    const ordered = [...entries].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
    for (let i = 0; i < ordered.length;) {
      let j = i;
      while (j < ordered.length && ordered[j].topic === ordered[i].topic) j += 1;
      await this.producer.send(
        ordered[i].topic,
        ordered.slice(i, j).map((e) => e.envelope),
      );
      i = j;
    }
  }

  /**
   * Removes published entries with `$pullAll` of the elements exactly as stored. FerretDB 1.x silently
   * ignores `$pull` with a condition and rejects positional updates; `$pullAll` of whole elements works
   * on MongoDB, FerretDB and mongo-java-server alike. Entries added meanwhile are not touched.
   */
  private async remove(collection: Collection<WithOutbox>, id: string, ids: Set<string>): Promise<number> {
    const stored = await collection.findOne({ _id: id }, { projection: { outbox: 1 } });
    const published = (stored?.outbox ?? []).filter((entry) => ids.has(entry.id));
    if (published.length > 0) await collection.updateOne({ _id: id }, { $pullAll: { outbox: published } });
    return (stored?.outbox?.length ?? 0) - published.length;
  }
}

/** The model's own collection (the connection caches it by name), typed by the fields the outbox uses. */
function outboxCollection<T extends WithOutbox>(model: Model<T>): Collection<WithOutbox> {
  return model.db.collection<WithOutbox>(model.collection.collectionName);
}

/** The promise's value, or `otherwise` once FAST_PATH_WAIT_MS passed first (the promise goes on). */
async function atMostFastPathWait<V>(promise: Promise<V>, otherwise: V): Promise<V> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<V>((resolve) => {
    timer = setTimeout(() => resolve(otherwise), FAST_PATH_WAIT_MS);
  });
  try {
    return await Promise.race([promise, waited]);
  } finally {
    clearTimeout(timer);
  }
}
