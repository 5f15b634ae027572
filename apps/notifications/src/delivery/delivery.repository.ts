import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry, type WithOutbox } from '@ctip/outbox';
import {
  findByIds,
  findManyByIds,
  InsertBatcher,
  isDuplicateKeyError,
  readPage,
  WriteBatcher,
  type Page,
  type PageOrder,
  type PageRequest,
} from '@ctip/persistence';
import type { DueIndex } from '@ctip/scheduling';
import type { Model, mongo } from 'mongoose';
import type { ContactChannel, DeliveryChannel } from '../channels/notification-channel';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { isUrgent } from './delivery.jobs';
import {
  DELIVERY_MODEL,
  DELIVERY_SETTLEMENT_MODEL,
  settled,
  type DeliveryRecord,
  type DeliverySettlement,
  type DeliveryStatus,
} from './delivery.schema';
import { PlannedCopies } from './planned-copies';

/** When each unfinished delivery is to be checked by the recovery sweep (see DeliveryRecoveryService). */
export const DELIVERY_DUE_INDEX = Symbol('DELIVERY_DUE_INDEX');

export type DeliveryView = Omit<DeliveryRecord, 'outbox' | 'facts' | 'claimToken' | 'correlationId'>;

/** A single delivery not yet sent nor failed: the only states an attempt starts from. */
export const OPEN: DeliveryStatus[] = ['queued', 'retrying'];

const VIEW_PROJECTION = { outbox: 0, facts: 0, claimToken: 0, correlationId: 0 } as const;

/** Delivery lists show the newest first; `_id` breaks ties. */
const NEWEST_FIRST: PageOrder = { field: 'createdAt', direction: -1 };

/** Notices in one digest message at most; more wait for the next run (a recovery run picks them up). */
const DIGEST_LIMIT = 100;

/**
 * Delivery records. A single delivery's success is a settlement inserted beside its record
 * (DeliverySettlement: the first one of an id wins), every other state change one single-document update,
 * guarded by the state it leaves (and a digest run's claim token); every read returns the record with its
 * settlement (`settled`). A single delivery's claim lives in Redis (DeliveryClaims), not here.
 */
/** The full pass of `stuck`: records per page, and pages per call (each page a scan on FerretDB). */
const STUCK_PAGE_SIZE = 500;
const STUCK_PAGES_PER_PASS = 4;

@Injectable()
export class DeliveryRepository implements OnModuleInit {
  /** Where the full pass of `stuck` goes on from (undefined: the start). */
  private stuckCursor: string | undefined;
  private readonly collection: mongo.Collection<DeliveryRecord>;
  /** The state changes of delivery workers, group-committed; urgent ones in a batch of their own (never behind a fan-out's). */
  private readonly writes: WriteBatcher<DeliveryRecord>;
  private readonly urgentWrites: WriteBatcher<DeliveryRecord>;
  /** Planning's inserts, group-committed across the events handled side by side; urgent ones apart. */
  private readonly inserts: InsertBatcher<DeliveryRecord>;
  private readonly urgentInserts: InsertBatcher<DeliveryRecord>;
  /** Settlements of single deliveries, group-committed the same way; urgent ones apart. */
  private readonly settlements: mongo.Collection<DeliverySettlement>;
  private readonly settlementInserts: InsertBatcher<DeliverySettlement>;
  private readonly urgentSettlementInserts: InsertBatcher<DeliverySettlement>;
  /** What this process just planned, for a claim that need not read it back. */
  private readonly planned = new PlannedCopies();

  constructor(
    @InjectModel(DELIVERY_MODEL) readonly model: Model<DeliveryRecord>,
    @InjectModel(DELIVERY_SETTLEMENT_MODEL) readonly settlementModel: Model<DeliverySettlement>,
    private readonly outbox: Outbox,
    @Inject(DELIVERY_DUE_INDEX) readonly due: DueIndex,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: Pick<NotificationsConfig, 'DELIVERY_RECOVERY_GRACE_MS'>,
  ) {
    // The model's own collection (cached by name), typed by the record.
    this.collection = model.db.collection<DeliveryRecord>(model.collection.collectionName);
    this.writes = new WriteBatcher(this.collection);
    this.urgentWrites = new WriteBatcher(this.collection);
    this.inserts = new InsertBatcher(this.collection);
    this.urgentInserts = new InsertBatcher(this.collection);
    this.settlements = settlementModel.db.collection<DeliverySettlement>(settlementModel.collection.collectionName);
    this.settlementInserts = new InsertBatcher(this.settlements);
    this.urgentSettlementInserts = new InsertBatcher(this.settlements);
  }

  onModuleInit(): void {
    this.outbox.track(this.model);
    this.outbox.track(this.settlementModel);
  }

  /** Stores the record unless one with its id exists; returns what is stored either way. */
  async createIfAbsent(record: DeliveryRecord): Promise<DeliveryRecord> {
    const { _id, ...fields } = record;
    const now = new Date();
    try {
      const stored = await this.collection.findOneAndUpdate(
        { _id },
        { $setOnInsert: { ...fields, createdAt: now, updatedAt: now } },
        { upsert: true, returnDocument: 'after' },
      );
      await this.watch([stored!]);
      return (await this.withSettlements([stored!]))[0];
    } catch (error) {
      // Two upserts of the same id racing: the loser's insert is refused by the primary key.
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.find(_id))!;
    }
  }

  /**
   * Stores every record whose id is not taken, in one bulk write, and returns what is stored for all of
   * them: a redelivered event finds its earlier records, with their state, instead of new ones.
   */
  async createAllIfAbsent(records: DeliveryRecord[]): Promise<DeliveryRecord[]> {
    if (records.length === 0) return [];
    const now = new Date();
    const documents = records.map((record) => ({ ...record, createdAt: now, updatedAt: now }));
    // Plain inserts, unordered, in chunks (one insert of a meeting's 2,000 deliveries would hold an urgent
    // alert's writes behind it), with those of other events planned meanwhile: ids already stored (a
    // redelivered event, another process racing) keep the first. An alert's go with other alerts only.
    const urgent = records.every((record) => isUrgent(record.urgency));
    const taken = await (urgent ? this.urgentInserts : this.inserts).insertAllIfAbsent(documents);
    const inserted = documents.filter((_, i) => !taken.includes(i));
    this.planned.remember(inserted);
    await this.watch(inserted);
    if (taken.length === 0) return documents;
    // Only the refused ones are read back (as they stand), each by `_id`: an `$in` would decode the whole collection on FerretDB.
    const earlier = new Map(
      (
        await findByIds(
          (id) => this.find(id),
          taken.map((i) => documents[i]._id),
        )
      ).map((r) => [r._id, r]),
    );
    return documents.flatMap((record, i) => (taken.includes(i) ? (earlier.has(record._id) ? [earlier.get(record._id)!] : []) : [record]));
  }

  /** Puts unfinished deliveries in the due index, to be checked once past their due time and the grace. */
  private async watch(records: DeliveryRecord[]): Promise<void> {
    const open = records.filter((r) => r.status !== 'sent' && !(r.status === 'failed' && !r.fallbackPending));
    await this.due.schedule(open.map((r) => ({ id: r._id, at: new Date(r.dueAt).getTime() + this.config.DELIVERY_RECOVERY_GRACE_MS })));
  }

  /** Has the recovery sweep look at these deliveries at `at` (e.g. when a claim's lease passes). */
  async watchUntil(records: readonly Pick<DeliveryRecord, '_id'>[], at: Date): Promise<void> {
    await this.due.schedule(records.map((r) => ({ id: r._id, at: at.getTime() })));
  }

  /** Finished: out of the due index (best effort: a left entry is cleared when the sweep finds it done). */
  private async done(id: string): Promise<void> {
    await this.due.clear([id]).catch(() => undefined);
  }

  /** The delivery as it stands: its record with its settlement. */
  async find(id: string): Promise<DeliveryRecord | null> {
    const [record, settlement] = await Promise.all([this.collection.findOne({ _id: id }), this.settlements.findOne({ _id: id })]);
    return record && settled(record, settlement);
  }

  /** Records as they stand: the open ones with their settlements, read by `_id`. */
  private async withSettlements<T extends Pick<DeliveryRecord, '_id' | 'status'>>(records: T[]): Promise<T[]> {
    const open = records.filter((r) => OPEN.includes(r.status)).map((r) => r._id);
    if (open.length === 0) return records;
    const byId = new Map((await findManyByIds(this.settlements, open)).map((s) => [s._id, s]));
    return records.map((r) => settled(r, byId.get(r._id)));
  }

  /**
   * The record an attempt starts from, once its claim is held (DeliveryClaims). The first attempt ever of a
   * delivery this process just planned starts from the copy it inserted, without a read: nobody else has
   * attempted it (the claim's counter says so), and only an attempt changes a queued record.
   */
  async forAttempt(id: string, firstAttempt: boolean): Promise<DeliveryRecord | null> {
    const copy = this.planned.take(id);
    return (firstAttempt ? copy : undefined) ?? this.find(id);
  }

  /**
   * Marks an attempt's delivery sent with the attempt's counts: a single delivery by inserting its
   * settlement (refused when it has one already), a digest's by an update under its run's claim token.
   * `entries`: the report, when it could not be published before (see `Outbox.publishThenWrite`), stored with
   * the settlement (a single delivery; see `outboxModel`) or the record (a digest's), or none.
   */
  async markSent(record: DeliveryRecord, token: string, at: Date, entries: OutboxEntry[], urgent = false): Promise<boolean> {
    const marked =
      record.status === 'digesting'
        ? await this.markDigestSent(record, token, at, entries)
        : await this.settle(record, at, entries, urgent);
    if (marked) await this.done(record._id);
    return marked;
  }

  /** Where a sent mark's outbox entries are kept: with a single delivery's settlement, or a digest's record. */
  outboxModel(record: DeliveryRecord): Model<WithOutbox> {
    // The outbox touches only `_id` and `outbox`, which both documents have.
    return (record.status === 'digesting' ? this.model : this.settlementModel) as unknown as Model<WithOutbox>;
  }

  private async settle(record: DeliveryRecord, at: Date, entries: OutboxEntry[], urgent: boolean): Promise<boolean> {
    const settlement: DeliverySettlement = { _id: record._id, status: 'sent', sentAt: at, ...this.counts(record), outbox: entries };
    const refused = await (urgent ? this.urgentSettlementInserts : this.settlementInserts).insertAllIfAbsent([settlement]);
    if (refused.length === 0) return true;
    // Refused: settled before — or this very insert, applied and retried after its answer was lost.
    return (await this.settlements.findOne({ _id: record._id }))?.sentAt.getTime() === at.getTime();
  }

  private markDigestSent(record: DeliveryRecord, token: string, at: Date, entries: OutboxEntry[]): Promise<boolean> {
    const set = { ...this.counts(record), status: 'sent' as const, sentAt: at, leaseUntil: null, claimToken: null, updatedAt: at };
    return this.guarded(
      false,
      record._id,
      this.heldBy(record, token),
      entries.length > 0 ? { $set: set, $push: { outbox: { $each: entries } } } : { $set: set },
      (stored) => stored.status === 'sent' && stored.sentAt?.getTime() === at.getTime(),
    );
  }

  /** A single delivery's attempt failed for now: due again at `dueAt`. */
  async markRetrying(record: DeliveryRecord, reason: string, dueAt: Date, urgent = false): Promise<void> {
    await this.lane(urgent).updateOne(
      { _id: record._id, status: { $in: OPEN } },
      { $set: { ...this.counts(record), status: 'retrying', reason, dueAt, updatedAt: new Date() } },
    );
  }

  /** The guard of an attempt's final write: still open (a single delivery), or still this digest run's. */
  private heldBy(record: DeliveryRecord, token: string): mongo.Filter<DeliveryRecord> {
    return record.status === 'digesting'
      ? { _id: record._id, status: 'digesting', claimToken: token }
      : { _id: record._id, status: { $in: OPEN } };
  }

  private counts(record: DeliveryRecord): Pick<DeliveryRecord, 'attempts' | 'interruptedAttempts'> {
    return { attempts: record.attempts, interruptedAttempts: record.interruptedAttempts };
  }

  async markFailed(
    record: DeliveryRecord,
    token: string,
    failure: { reason: string; permanent: boolean; at: Date; entry: OutboxEntry; fallbackPending: boolean },
  ): Promise<boolean> {
    const id = record._id;
    const { reason, permanent, at, entry, fallbackPending } = failure;
    // A single delivery settled as sent meanwhile (an attempt taken over after a lapsed lease) stays sent.
    if (record.status !== 'digesting' && (await this.settlements.findOne({ _id: id }, { projection: { _id: 1 } }))) return false;
    const marked = await this.guarded(
      fallbackPending, // urgent deliveries are the ones that fall back
      id,
      this.heldBy(record, token),
      {
        $set: {
          ...this.counts(record),
          status: 'failed',
          reason,
          permanent,
          failedAt: at,
          fallbackPending,
          leaseUntil: null,
          claimToken: null,
          updatedAt: at,
        },
        $push: { outbox: entry },
      },
      (stored) => stored.outbox.some((pushed) => pushed.id === entry.id),
    );
    // A pending fallback stays watched: a crash before it was chosen leaves it to the sweep.
    if (marked && !fallbackPending) await this.done(id);
    else if (marked) await this.due.schedule([{ id, at: at.getTime() + this.config.DELIVERY_RECOVERY_GRACE_MS }]);
    return marked;
  }

  /** Removes outbox entries this repository pushed as they are (see Outbox `pullExact`), batched with other writes. */
  async pullOutbox(id: string, entries: OutboxEntry[], urgent = false): Promise<void> {
    await this.lane(urgent).updateOne({ _id: id }, { $pullAll: { outbox: entries } } as mongo.UpdateFilter<DeliveryRecord>);
  }

  /** The same for the entries of a sent mark, kept where `outboxModel` says (a settlement's: rare, not batched). */
  async pullSentOutbox(record: DeliveryRecord, entries: OutboxEntry[], urgent = false): Promise<void> {
    if (record.status === 'digesting') return this.pullOutbox(record._id, entries, urgent);
    await this.settlements.updateOne({ _id: record._id }, { $pullAll: { outbox: entries } } as mongo.UpdateFilter<DeliverySettlement>);
  }

  private lane(urgent: boolean): WriteBatcher<DeliveryRecord> {
    return urgent ? this.urgentWrites : this.writes;
  }

  /** A guarded final write; whether it applied (`applied` recognises its effect) when its batch did not say. */
  private async guarded(
    urgent: boolean,
    id: string,
    filter: mongo.Filter<DeliveryRecord>,
    update: mongo.UpdateFilter<DeliveryRecord>,
    applied: (stored: DeliveryRecord) => boolean,
  ): Promise<boolean> {
    if ((await this.lane(urgent).updateOne(filter, update)).allMatched) return true;
    const stored = await this.find(id);
    return stored !== null && applied(stored);
  }

  /** A person's deliveries on one channel held for the digest of `day` or an earlier one (a digest that was missed). */
  heldForDigest(personId: string, channel: DeliveryChannel, day: string): Promise<DeliveryRecord[]> {
    return this.collection
      .find({ recipientPersonId: personId, channel, status: 'digest-pending', digestDay: { $lte: day } })
      .sort({ createdAt: 1 })
      .limit(DIGEST_LIMIT)
      .toArray();
  }

  /** Digest claims on a person's channel whose run died mid-send (lease passed). */
  lapsedDigestClaims(personId: string, channel: DeliveryChannel, now: Date): Promise<DeliveryRecord[]> {
    return this.collection
      .find({ recipientPersonId: personId, channel, status: 'digesting', leaseUntil: { $lt: now } })
      .sort({ createdAt: 1 })
      .limit(DIGEST_LIMIT)
      .toArray();
  }

  /** Every delivery a digest message carries while it is being sent (whoever holds the claims). */
  digestClaims(digestId: string): Promise<DeliveryRecord[]> {
    return this.collection.find({ digestId, status: 'digesting' }).sort({ createdAt: 1 }).toArray();
  }

  /**
   * Whether a digest id already names a message that went out or is being sent: a new run must not reuse
   * it, or one Message-ID would carry two different lists. Deliveries put back after a transient failure
   * keep it, and their retry goes out under it again; a failed one never went out.
   */
  async digestIdTaken(digestId: string): Promise<boolean> {
    return (await this.collection.findOne({ digestId, status: { $in: ['digesting', 'sent'] } }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * Takes one held delivery into a digest run: one atomic update per delivery, so two runs never both
   * include it. `interrupted`: a claim whose run died mid-send, taken over with its digest id kept.
   */
  async claimForDigest(
    id: string,
    claim: { token: string; digestId: string; now: Date; leaseUntil: Date; interrupted: boolean },
  ): Promise<DeliveryRecord | null> {
    const { token, digestId, now, leaseUntil, interrupted } = claim;
    const filter: mongo.Filter<DeliveryRecord> = interrupted
      ? { _id: id, status: 'digesting', digestId, leaseUntil: { $lt: now } }
      : { _id: id, status: 'digest-pending' };
    return this.collection.findOneAndUpdate(
      filter,
      {
        $set: { status: 'digesting', digestId, claimToken: token, leaseUntil, updatedAt: now },
        $inc: interrupted ? { attempts: 1, interruptedAttempts: 1 } : { attempts: 1 },
      },
      { returnDocument: 'after' },
    );
  }

  /** Extends the leases of a live digest run's claims (each document on its own). */
  async renewDigestLeases(token: string, leaseUntil: Date): Promise<void> {
    await this.collection.updateMany({ status: 'digesting', claimToken: token }, { $set: { leaseUntil } });
  }

  /** Puts a digest claim back to wait for the next run (a transient failure). */
  async releaseDigestClaim(id: string, token: string, reason: string): Promise<void> {
    await this.collection.updateOne(
      { _id: id, status: 'digesting', claimToken: token },
      { $set: { status: 'digest-pending', reason, leaseUntil: null, claimToken: null, updatedAt: new Date() } },
    );
  }

  /** Records the fallback channel once; a repeated call (after a crash) gets the first choice back. */
  async chooseFallback(id: string, channel: ContactChannel): Promise<ContactChannel | undefined> {
    await this.collection.updateOne({ _id: id, fallbackChannel: { $exists: false } }, { $set: { fallbackChannel: channel } });
    return (await this.collection.findOne({ _id: id }))?.fallbackChannel;
  }

  /**
   * A person was erased: their deliveries keep the notice's facts but no longer the language and time zone
   * the person read in. A scan of the collection on FerretDB (a query off `_id`): erasures are rare.
   */
  async scrubRecipient(recipientPersonId: string): Promise<number> {
    const result = await this.collection.updateMany({ recipientPersonId }, { $set: { language: 'en', timeZone: 'UTC' } });
    return result.modifiedCount;
  }

  async clearFallbackPending(id: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { fallbackPending: false } });
    await this.done(id);
  }

  async channelsUsed(sourceEventId: string, recipientPersonId: string): Promise<Set<DeliveryChannel>> {
    const records = await this.collection.find({ sourceEventId, recipientPersonId }, { projection: { channel: 1 } }).toArray();
    return new Set(records.map((r) => r.channel));
  }

  async replaceJob(id: string, previousJobId: string, jobId: string): Promise<boolean> {
    return (await this.collection.updateOne({ _id: id, jobId: previousJobId }, { $set: { jobId } })).matchedCount === 1;
  }

  /**
   * Single deliveries long due and not sent (their job lost, or their worker died mid-send). A scan of the
   * collection on FerretDB: only the sweep's rare full pass uses it.
   */
  async stuck(dueBefore: Date, limit: number, { pageSize = Math.max(limit, STUCK_PAGE_SIZE) } = {}): Promise<DeliveryRecord[]> {
    // A sent delivery's record stays `queued` (its settlement says sent), so the query also matches every
    // delivery ever sent. Pages by `_id` until `limit` still open ones are found, but at most
    // STUCK_PAGES_PER_PASS pages a call (each page a scan on FerretDB): the next call goes on from where
    // this one stopped, and starts over once the end is reached, so every record is looked at in turn.
    const found: DeliveryRecord[] = [];
    for (let pages = 0; found.length < limit && pages < STUCK_PAGES_PER_PASS; pages += 1) {
      const after = this.stuckCursor;
      const page = await this.collection
        .find({ status: { $in: OPEN }, dueAt: { $lt: dueBefore }, ...(after === undefined ? {} : { _id: { $gt: after } }) })
        .sort({ _id: 1 })
        .limit(pageSize)
        .toArray();
      this.stuckCursor = page.length < pageSize ? undefined : page[page.length - 1]._id;
      found.push(...(await this.withSettlements(page)).filter((r) => OPEN.includes(r.status)));
      if (this.stuckCursor === undefined) break;
    }
    return found.slice(0, limit);
  }

  /** Held deliveries long past their digest's due time, and digest claims whose run died mid-send. */
  async stuckDigests(now: Date, dueBefore: Date, limit: number): Promise<DeliveryRecord[]> {
    const [interrupted, overdue] = await Promise.all([
      this.collection
        .find({ status: 'digesting', leaseUntil: { $lt: now } })
        .limit(limit)
        .toArray(),
      this.collection
        .find({ status: 'digest-pending', dueAt: { $lt: dueBefore } })
        .limit(limit)
        .toArray(),
    ]);
    return [...interrupted, ...overdue];
  }

  /** Failed urgent deliveries whose fallback a crash may have left undone. */
  pendingFallbacks(failedBefore: Date, limit: number): Promise<DeliveryRecord[]> {
    return this.collection
      .find({ status: 'failed', fallbackPending: true, failedAt: { $lt: failedBefore } })
      .limit(limit)
      .toArray();
  }

  search(
    filter: { sourceEventId?: string; recipientPersonId?: string; aggregateKey?: string },
    page: PageRequest,
  ): Promise<Page<DeliveryView>> {
    const query: mongo.Filter<DeliveryRecord> = {};
    if (filter.sourceEventId) query.sourceEventId = filter.sourceEventId;
    if (filter.recipientPersonId) query.recipientPersonId = filter.recipientPersonId;
    if (filter.aggregateKey) query.aggregateKey = filter.aggregateKey;
    return readPage(page, NEWEST_FIRST, query, async ({ filter: paged, sort, limit }) =>
      this.withSettlements(
        await this.collection.find<DeliveryView>(paged, { projection: VIEW_PROJECTION }).sort(sort).limit(limit).toArray(),
      ),
    );
  }
}
