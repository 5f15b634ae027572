import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { upsertSnapshot } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { ContactChannel } from '../channels/notification-channel';

/** A usable way to reach a person: verified, with an address valid for its channel. */
export interface RecipientContactPoint {
  contactPointId: string;
  channel: ContactChannel;
  address: string;
  priority: number;
}

/** What this service keeps of a directory person: how to reach them and in which language. No name. */
export interface Recipient {
  _id: string;
  organisationId: string;
  languages: string[];
  timeZone: string;
  active: boolean;
  revision: number;
  contactPoints: RecipientContactPoint[];
}

/** The read model of people built from `directory.person.changed.v1`; a snapshot older than the stored one is ignored. */
@Injectable()
export class RecipientRepository {
  private readonly collection: mongo.Collection<Recipient>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<Recipient>('recipients');
  }

  save(recipient: Recipient): Promise<'applied' | 'stale'> {
    const { _id, ...state } = recipient;
    return upsertSnapshot(this.collection as unknown as mongo.Collection<mongo.Document>, _id, state);
  }

  find(personId: string): Promise<Recipient | null> {
    return this.collection.findOne({ _id: personId });
  }

  async findMany(personIds: string[]): Promise<Map<string, Recipient>> {
    const found = await this.collection.find({ _id: { $in: personIds } }).toArray();
    return new Map(found.map((recipient) => [recipient._id, recipient]));
  }
}
