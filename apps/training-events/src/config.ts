import { backboneSettings, setting } from '@ctip/config';
import { contactSealKeysSchema, DEV_CONTACT_SEAL_KEYS } from '@ctip/contact-seal';
import { z } from 'zod';

export const configSchema = backboneSettings
  .extend({
    PORT: setting.port(3003),
    /** A seat offered to the first on the waitlist is held this long (48 h; short in tests). */
    TRAINING_OFFER_CONFIRM_MS: z.coerce
      .number()
      .int()
      .min(1)
      .default(48 * 3600_000),
    /**
     * Keys sealing external participants' contact details for the notifications service (the first
     * seals). The public development key is the default and refused in production.
     */
    CONTACT_SEAL_KEYS: contactSealKeysSchema.default([DEV_CONTACT_SEAL_KEYS]),
    /** Where links in notices point (the web front end). */
    APP_BASE_URL: setting.url(['http', 'https']).default('http://127.0.0.1:3003'),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && config.CONTACT_SEAL_KEYS.includes(DEV_CONTACT_SEAL_KEYS)) {
      ctx.addIssue({ code: 'custom', path: ['CONTACT_SEAL_KEYS'], message: 'the development key is refused in production' });
    }
  });

export type TrainingEventsConfig = z.infer<typeof configSchema>;

export const TRAINING_CONFIG = Symbol('TRAINING_CONFIG');
