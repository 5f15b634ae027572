import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { findManyByIds, RecentReads } from '@ctip/persistence';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
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
  /** Planning's reads, shared for READ_MODEL_MAX_AGE_MS; a PUT through this instance is read at once. */
  private readonly recent: RecentReads<PreferenceDocument>;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(NOTIFICATIONS_CONFIG) config: Pick<NotificationsConfig, 'READ_MODEL_MAX_AGE_MS'>,
  ) {
    this.collection = connection.collection<PreferenceDocument>('preferences');
    this.recent = new RecentReads((ids) => findManyByIds(this.collection, ids), config.READ_MODEL_MAX_AGE_MS);
  }

  async find(personId: string): Promise<PreferenceSettings | null> {
    const found = await this.collection.findOne({ _id: personId });
    return found ? { defaults: found.defaults, categories: found.categories } : null;
  }

  /** The settings of `personIds` as read at most READ_MODEL_MAX_AGE_MS ago (for planning). */
  async findMany(personIds: string[]): Promise<Map<string, PreferenceSettings>> {
    const found = await this.recent.findMany(personIds);
    return new Map(found.map((doc) => [doc._id, { defaults: doc.defaults, categories: doc.categories }]));
  }

  async replace(personId: string, settings: PreferenceSettings, updatedBy: string): Promise<void> {
    await this.collection.replaceOne(
      { _id: personId },
      { defaults: settings.defaults, categories: settings.categories, updatedAt: new Date(), updatedBy },
      { upsert: true },
    );
    this.recent.forget(personId);
  }
}
