import { Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { ConflictError } from '@ctip/errors';
import { Outbox, type DeferredRemoval, type OutboxEntry } from '@ctip/outbox';
import { modifyVersioned, readPage, YearlySequence, type Page, type PageOrder, type PageRequest } from '@ctip/persistence';
import type { Connection, Model } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { CASE_MODEL, type CaseDocument, type TimelineEntry } from './case.schema';

/** What a change to a case writes, all in one atomic update of the case document. */
export interface CaseChange {
  set?: Partial<Pick<CaseDocument, 'alerts' | 'referrals'>>;
  timeline?: TimelineEntry[];
  events?: OutboxEntry[];
}

/** Lists show the newest reports first; `_id` (a hash of the intake key) only breaks ties. */
const NEWEST_FIRST: PageOrder = { field: 'createdAt', direction: -1 };

/** A list never carries the identifying details, the notes, the timeline or the outbox. */
const LIST_PROJECTION = { identity: 0, notes: 0, outbox: 0, timeline: 0, filedReports: 0 };

/**
 * How long a new case's published events wait in its outbox for the first delivery reports to take them out
 * in the update that files them (they come within a second while the path keeps up: the alert's deliveries,
 * then the reports lane's half-second gather). Past it they are removed on their own, as before.
 */
export const OPENING_EVENTS_HOLD_MS = 5_000;

/** A new case whose published events are still in its outbox, at the version they were stored with. */
interface HeldEvents {
  version: number;
  removal: DeferredRemoval;
  timer: NodeJS.Timeout;
}

@Injectable()
export class CaseRepository implements OnModuleInit, BeforeApplicationShutdown {
  private readonly refs: YearlySequence;
  private readonly held = new Map<string, HeldEvents>();

  constructor(
    @InjectModel(CASE_MODEL) private readonly cases: Model<CaseDocument>,
    @InjectConnection() connection: Connection,
    private readonly outbox: Outbox,
    private readonly logger: PinoLogger,
  ) {
    this.refs = new YearlySequence(connection, 'case-ref');
  }

  onModuleInit(): void {
    this.outbox.track(this.cases);
  }

  /** Removes the events still held before the connections close (what a crash leaves, the sweeper finds by its mark). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.held.keys()].map((id) => this.release(id)?.removal.removeNow().catch(this.removalFailed)));
  }

  /** `RR-2026-000123`: a yearly counter, incremented atomically. */
  async nextCaseRef(at: Date): Promise<string> {
    const { year, seq } = await this.refs.next(at);
    return `RR-${year}-${String(seq).padStart(6, '0')}`;
  }

  /**
   * Stores a new case with its events; returns it as stored (no read back). Once published, the events stay
   * in the outbox for the first delivery reports' update to remove (OPENING_EVENTS_HOLD_MS; see fileReports):
   * one update of the case document fewer per report, and the read before it.
   */
  async insert(document: Omit<CaseDocument, 'version' | 'createdAt' | 'updatedAt'>): Promise<CaseDocument> {
    let stored: CaseDocument | undefined;
    await this.outbox.store(
      this.cases,
      document._id,
      document.outbox,
      async () => {
        stored = (await this.cases.create(document)).toObject<CaseDocument>();
        return true;
      },
      { deferRemoval: { holdMs: OPENING_EVENTS_HOLD_MS, take: (removal) => this.hold(document._id, stored!.version, removal) } },
    );
    return stored!;
  }

  private hold(id: string, version: number, removal: DeferredRemoval): void {
    const timer = setTimeout(() => void this.release(id)?.removal.removeNow().catch(this.removalFailed), OPENING_EVENTS_HOLD_MS);
    timer.unref();
    this.held.set(id, { version, removal, timer });
  }

  /** Takes the held events of a case off the list, for the caller to finish their removal. */
  private release(id: string): HeldEvents | undefined {
    const held = this.held.get(id);
    if (!held) return undefined;
    clearTimeout(held.timer);
    this.held.delete(id);
    return held;
  }

  private readonly removalFailed = (err: unknown) =>
    this.logger.warn({ err }, 'removing a new case’s published events failed; the outbox sweeper will');

  findById(id: string): Promise<CaseDocument | null> {
    return this.cases.findById(id).lean<CaseDocument>().exec();
  }

  findByRef(caseRef: string): Promise<CaseDocument | null> {
    return this.cases.findOne({ caseRef }).lean<CaseDocument>().exec();
  }

  /** By id, or by the reference people use (`RR-2026-000123`). */
  findByIdOrRef(idOrRef: string): Promise<CaseDocument | null> {
    return /^RR-\d{4}-\d{6}$/.test(idOrRef) ? this.findByRef(idOrRef) : this.findById(idOrRef);
  }

  findByReferral(referralId: string): Promise<CaseDocument | null> {
    return this.cases.findOne({ 'referrals.referralId': referralId }).lean<CaseDocument>().exec();
  }

  /** Cases newest first; `countries` limits to cases involving any of them, `referredTo` to a partner's referrals. */
  list(filter: { countries?: string[]; referredTo?: string }, page: PageRequest): Promise<Page<CaseDocument>> {
    const query: Record<string, unknown> = {};
    if (filter.countries) query['countries.country'] = { $in: filter.countries };
    if (filter.referredTo) query['referrals.organisationId'] = filter.referredTo;
    return readPage(page, NEWEST_FIRST, query, ({ filter: paged, sort, limit }) =>
      this.cases.find(paged, LIST_PROJECTION).sort(sort).limit(limit).lean<CaseDocument[]>().exec(),
    );
  }

  /**
   * Read, decide, write with a version guard, retry on a concurrent change. `decide` returns the change
   * (or null for "nothing to do"); state, timeline and events land in one single-document write, then
   * the events are published.
   */
  modify<R>(id: string, decide: (current: CaseDocument) => { change: CaseChange | null; result: R }): Promise<R | null> {
    return modifyVersioned(
      this.cases,
      this.outbox,
      id,
      (current) => {
        const { change, result } = decide(current);
        if (!change) return { change: null, result };
        return { change: { set: change.set, push: { timeline: change.timeline ?? [] }, events: change.events }, result };
      },
      'case',
    );
  }

  /**
   * Files delivery reports on a case, each once (an entry's id is its report event's id, a UUID): one
   * update by `_id` guarded by `filedReports.<id>` not existing for each of them, which it sets with the
   * push, so a redelivered report matches nothing. The guard is on an embedded document's fields, not into
   * the timeline array, because FerretDB 1.24 ignores a `'timeline.id': { $ne }` filter (measured: the same
   * report appended twice) and honours `$exists` on both stores. When the write matches nothing (some were
   * filed already, or there is no such case) the case's filed ids are read and the rest filed, guarded again.
   *
   * A new case whose published events this process still holds (insert) has them removed by the same write:
   * `outbox: []` guarded by the version they were stored with — a case changes its outbox only through
   * version-guarded writes, so at that version it holds exactly those. Any other outcome removes them apart.
   */
  async fileReports(id: string, entries: TimelineEntry[]): Promise<void> {
    let pending = [...new Map(entries.map((entry) => [entry.id, entry])).values()];
    for (const entry of pending)
      if (!/^[\w-]+$/.test(entry.id)) throw new Error(`timeline entry id ${JSON.stringify(entry.id)} cannot be a field name`);
    const held = this.release(id);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      const keys = pending.map((entry) => `filedReports.${entry.id}`);
      const clearing = held && attempt === 0;
      const update = await this.cases.updateOne(
        { _id: id, ...(clearing ? { version: held.version } : {}), ...Object.fromEntries(keys.map((key) => [key, { $exists: false }])) },
        {
          $push: { timeline: { $each: pending } },
          $set: { ...Object.fromEntries(keys.map((key) => [key, true])), ...(clearing ? { outbox: [] } : {}) },
        },
      );
      if (clearing) void (update.matchedCount === 1 ? held.removal.removedElsewhere() : held.removal.removeNow()).catch(this.removalFailed);
      if (update.matchedCount === 1) return;
      const stored = await this.cases.findById(id, { filedReports: 1 }).lean<Pick<CaseDocument, 'filedReports'>>().exec();
      if (!stored) return;
      pending = pending.filter((entry) => !stored.filedReports?.[entry.id]);
      if (attempt >= 3 && pending.length > 0)
        throw new ConflictError(`the timeline of case ${id} is being changed by many writers at once`);
    }
  }
}
