import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { InsertBatcher, readPage, type Page, type PageOrder, type PageRequest } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import { isUrgent } from '../delivery/delivery.jobs';
import type { Urgency } from '../channels/notification-channel';

/** One in-app notification; `_id` is the notification id, so storing it twice keeps one. */
export interface InboxItem {
  _id: string;
  personId: string;
  category: string;
  urgency: Urgency;
  sourceType: string;
  aggregateKey: string;
  subject: string;
  body: string;
  link: string;
  createdAt: Date;
  readAt: Date | null;
}

/** A person's inbox, newest first; `_id` breaks ties. */
const NEWEST_FIRST: PageOrder = { field: 'createdAt', direction: -1 };

@Injectable()
export class InboxRepository implements OnModuleInit {
  private readonly collection: mongo.Collection<InboxItem>;
  /** Items stored by in-app deliveries sent side by side go out in shared inserts; urgent ones apart. */
  private readonly inserts: InsertBatcher<InboxItem>;
  private readonly urgentInserts: InsertBatcher<InboxItem>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<InboxItem>('inbox_items');
    this.inserts = new InsertBatcher(this.collection);
    this.urgentInserts = new InsertBatcher(this.collection);
  }

  async onModuleInit(): Promise<void> {
    // Serves a person's inbox, newest first, paged by (createdAt, _id).
    await this.collection.createIndex({ personId: 1, createdAt: -1, _id: -1 });
    // Serves the retention purge.
    await this.collection.createIndex({ createdAt: 1 });
  }

  /**
   * Returns false when the item was already stored (a resend of the same notification). A plain insert,
   * group-committed with the other deliveries' items: the primary key refuses a second one.
   */
  async insertIfAbsent(item: InboxItem): Promise<boolean> {
    const lane = isUrgent(item.urgency) ? this.urgentInserts : this.inserts;
    return (await lane.insertAllIfAbsent([item])).length === 0;
  }

  async page(personId: string, options: PageRequest & { unread?: boolean }): Promise<Page<InboxItem>> {
    const filter: mongo.Filter<InboxItem> = { personId };
    if (options.unread === true) filter.readAt = null;
    if (options.unread === false) filter.readAt = { $ne: null };
    const page = await readPage(options, NEWEST_FIRST, filter, ({ filter: paged, sort, limit }) =>
      this.collection.find(paged).sort(sort).limit(limit).toArray(),
    );
    // A field stored as null may come back missing from some servers (FerretDB): the API always shows it.
    return { ...page, items: page.items.map((item) => ({ ...item, readAt: item.readAt ?? null })) };
  }

  /** Marks read once (the first read time is kept); false when the person has no such item. */
  async markRead(personId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, personId, readAt: null }, { $set: { readAt: at } });
    if (result.matchedCount === 1) return true;
    return (await this.collection.countDocuments({ _id: id, personId }, { limit: 1 })) === 1;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ createdAt: { $lt: cutoff } })).deletedCount;
  }
}
