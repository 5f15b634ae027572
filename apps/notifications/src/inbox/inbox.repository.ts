import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { isDuplicateKeyError } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';

/** One in-app notification; `_id` is the notification id, so storing it twice keeps one. */
export interface InboxItem {
  _id: string;
  personId: string;
  category: string;
  urgency: string;
  sourceType: string;
  aggregateKey: string;
  subject: string;
  body: string;
  link: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
}

interface Cursor {
  createdAt: string;
  id: string;
}

function encodeCursor(item: InboxItem): string {
  return Buffer.from(JSON.stringify({ createdAt: item.createdAt.toISOString(), id: item._id } satisfies Cursor)).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.createdAt !== 'string' || typeof parsed.id !== 'string' || Number.isNaN(Date.parse(parsed.createdAt))) return null;
    return { createdAt: parsed.createdAt, id: parsed.id };
  } catch {
    return null;
  }
}

@Injectable()
export class InboxRepository implements OnModuleInit {
  private readonly collection: mongo.Collection<InboxItem>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<InboxItem>('inbox_items');
  }

  async onModuleInit(): Promise<void> {
    // Serves a person's inbox, newest first, paged by (createdAt, _id).
    await this.collection.createIndex({ personId: 1, createdAt: -1, _id: -1 });
    // Serves the retention purge.
    await this.collection.createIndex({ createdAt: 1 });
  }

  /** Returns false when the item was already stored (a resend of the same notification). */
  async insertIfAbsent(item: InboxItem): Promise<boolean> {
    const { _id, ...fields } = item;
    try {
      const result = await this.collection.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
      return result.upsertedCount === 1;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false; // a concurrent insert of the same item won
      throw error;
    }
  }

  async page(personId: string, options: { unread?: boolean; limit: number; cursor?: Cursor | null }): Promise<InboxPage> {
    const filter: mongo.Filter<InboxItem> = { personId };
    if (options.unread === true) filter.readAt = null;
    if (options.unread === false) filter.readAt = { $ne: null };
    if (options.cursor) {
      const createdAt = new Date(options.cursor.createdAt);
      filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: options.cursor.id } }];
    }
    const items = await this.collection
      .find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(options.limit + 1)
      .toArray();
    // A field stored as null may come back missing from some servers (FerretDB): the API always shows it.
    const page = items.slice(0, options.limit).map((item) => ({ ...item, readAt: item.readAt ?? null }));
    return { items: page, nextCursor: items.length > options.limit ? encodeCursor(page[page.length - 1]) : null };
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
