import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { findManyByIds } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { PreferenceSettings } from './preference-settings';

interface PreferenceDocument extends PreferenceSettings {
  _id: string;
  updatedAt: Date;
  updatedBy: string;
}

/** One document per person, replaced whole on PUT. */
@Injectable()
export class PreferenceRepository {
  private readonly collection: mongo.Collection<PreferenceDocument>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<PreferenceDocument>('preferences');
  }

  async find(personId: string): Promise<PreferenceSettings | null> {
    const found = await this.collection.findOne({ _id: personId });
    return found ? { defaults: found.defaults, categories: found.categories } : null;
  }

  async findMany(personIds: string[]): Promise<Map<string, PreferenceSettings>> {
    const found = await findManyByIds(this.collection, personIds);
    return new Map(found.map((doc) => [doc._id, { defaults: doc.defaults, categories: doc.categories }]));
  }

  async replace(personId: string, settings: PreferenceSettings, updatedBy: string): Promise<void> {
    await this.collection.replaceOne(
      { _id: personId },
      { defaults: settings.defaults, categories: settings.categories, updatedAt: new Date(), updatedBy },
      { upsert: true },
    );
  }
}
