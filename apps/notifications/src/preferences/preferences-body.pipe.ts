import { Injectable, type PipeTransform } from '@nestjs/common';
import { ZodValidationPipe } from '@ctip/http';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { preferencesSchemaFor, type PreferenceSettings } from './preference-settings';

/** Validates a preferences body against the categories of the kinds the service was given. */
@Injectable()
export class PreferencesBodyPipe implements PipeTransform<unknown, PreferenceSettings> {
  private readonly pipe: ZodValidationPipe<ReturnType<typeof preferencesSchemaFor>>;

  constructor(catalogue: NotificationCatalogue) {
    this.pipe = new ZodValidationPipe(preferencesSchemaFor(catalogue.categories));
  }

  transform(value: unknown): PreferenceSettings {
    return this.pipe.transform(value);
  }
}
