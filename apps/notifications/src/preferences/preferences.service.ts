import { Injectable } from '@nestjs/common';
import type { PreferenceSettings } from './preference-settings';
import { PreferenceRepository } from './preference.repository';

/** A person without stored preferences has the defaults of every category. */
const EMPTY: PreferenceSettings = { defaults: {}, categories: {} };

/** Notification preferences per person, replaced whole; who changed them last is kept. */
@Injectable()
export class PreferencesService {
  constructor(private readonly preferences: PreferenceRepository) {}

  async of(personId: string): Promise<PreferenceSettings> {
    return (await this.preferences.find(personId)) ?? EMPTY;
  }

  async replace(personId: string, settings: PreferenceSettings, changedBy: string): Promise<PreferenceSettings> {
    await this.preferences.replace(personId, settings, changedBy);
    return settings;
  }
}
