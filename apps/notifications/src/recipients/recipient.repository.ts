import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { findManyByIds, RecentReads, upsertSnapshot } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { ContactChannel } from '../channels/notification-channel';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';

/** A usable way to reach a person: verified, with an address valid for its channel. */
export interface RecipientContactPoint {
  contactPointId: string;
  channel: ContactChannel;
  address: string;
  priority: number;
}

/**
 * What this service keeps of a person: how to reach them and in which language. Directory people come
 * without a name; a person outside the directory (`external`, id `ext-…`) comes by the sealed contact-point
 * route with the name they are addressed by, and is erased on request (`erased`: a tombstone, see below).
 */
export interface Recipient {
  _id: string;
  organisationId: string;
  languages: string[];
  timeZone: string;
  active: boolean;
  revision: number;
  contactPoints: RecipientContactPoint[];
  external?: boolean;
  displayName?: string;
  /** Which service registered an external person (and answers for their erasure). */
  source?: string;
  erased?: boolean;
}

/**
 * An erasure is final: the tombstone's revision outranks every sealed revision, so a sealed message that
 * is redelivered, or arrives after the erasure (the two topics are not ordered), is ignored as stale.
 */
export const ERASED_REVISION = Number.MAX_SAFE_INTEGER;

/** Ids of people outside the directory, as the contact-point route names them. */
export function isExternalRecipientId(id: string): boolean {
  return id.startsWith('ext-');
}

/** The read model of people built from `directory.person.changed.v1`; a snapshot older than the stored one is ignored. */
@Injectable()
export class RecipientRepository {
  private readonly collection: mongo.Collection<Recipient>;
  /** Planning's reads, shared for READ_MODEL_MAX_AGE_MS (the same duty officers and fund contacts event after event). */
  private readonly recent: RecentReads<Recipient>;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(NOTIFICATIONS_CONFIG) config: Pick<NotificationsConfig, 'READ_MODEL_MAX_AGE_MS'>,
  ) {
    this.collection = connection.collection<Recipient>('recipients');
    this.recent = new RecentReads((ids) => findManyByIds(this.collection, ids), config.READ_MODEL_MAX_AGE_MS);
  }

  async save(recipient: Recipient): Promise<'applied' | 'stale'> {
    const { _id, ...state } = recipient;
    const outcome = await upsertSnapshot(this.collection as unknown as mongo.Collection<mongo.Document>, _id, state);
    this.recent.forget(_id);
    return outcome;
  }

  /** Replaces the person with a tombstone that keeps no detail of them. */
  async erase(recipientId: string, source: string): Promise<Recipient | null> {
    const tombstone: Omit<Recipient, '_id'> = {
      organisationId: 'external',
      languages: [],
      timeZone: 'UTC',
      active: false,
      revision: ERASED_REVISION,
      contactPoints: [],
      external: true,
      source,
      erased: true,
    };
    const before = await this.collection.findOneAndReplace({ _id: recipientId }, tombstone, { upsert: true, returnDocument: 'before' });
    this.recent.forget(recipientId);
    return before;
  }

  find(personId: string): Promise<Recipient | null> {
    return this.collection.findOne({ _id: personId });
  }

  /** The person as read at most READ_MODEL_MAX_AGE_MS ago (a delivery's address at send time). */
  async findRecent(personId: string): Promise<Recipient | null> {
    return (await this.recent.findMany([personId]))[0] ?? null;
  }

  /** The people of `personIds` as read at most READ_MODEL_MAX_AGE_MS ago (for planning). */
  async findMany(personIds: string[]): Promise<Map<string, Recipient>> {
    const found = await this.recent.findMany(personIds);
    return new Map(found.map((recipient) => [recipient._id, recipient]));
  }
}
