import { z } from 'zod';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../channels/notification-channel';
import { TEMPLATE_LANGUAGES, type TemplateLanguage } from '../templates/locale-labels';
import { CATEGORY_NAMES, isDigestibleCategory, type NotificationCategory } from '../templates/notification-categories';
import type { QuietWindow } from './quiet-hours';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour clock)');

const categoryPreferenceSchema = z
  .object({
    /** Channels to notify on, for this category; urgent alerts may still fall back to other contact points. */
    channels: z
      .array(z.enum(DELIVERY_CHANNELS))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a channel')
      .optional(),
    language: z.enum(TEMPLATE_LANGUAGES).optional(),
    /** Local times in the person's time zone; null switches them off. Critical alerts ignore them. */
    quietHours: z
      .object({ start: hhmm, end: hhmm })
      .strict()
      .refine((w) => w.start !== w.end, 'start and end must differ')
      .nullable()
      .optional(),
    /** One message a day instead of one per notice, for categories that allow it; critical notices are never held. */
    digest: z.boolean().optional(),
  })
  .strict();

/** The body of PUT /me/preferences: defaults for every category, and overrides per category. */
export const preferencesSchema = z
  .object({
    defaults: categoryPreferenceSchema.default({}),
    categories: z.partialRecord(z.enum(CATEGORY_NAMES), categoryPreferenceSchema).default({}),
  })
  .strict()
  .superRefine((value, context) => {
    for (const [category, preference] of Object.entries(value.categories)) {
      if (preference?.digest && !isDigestibleCategory(category)) {
        context.addIssue({
          code: 'custom',
          path: ['categories', category, 'digest'],
          message: 'this category is never held for a digest (urgent notices carry deadlines)',
        });
      }
    }
  });

export type PreferenceSettings = z.output<typeof preferencesSchema>;

/** What applies to one notification category after merging the category's settings over the defaults. */
export interface EffectivePreference {
  /** undefined: every channel the person has a contact point for, plus in-app. */
  channels?: DeliveryChannel[];
  language?: TemplateLanguage;
  quietHours: QuietWindow | null;
  digest: boolean;
}

/** `category`: a catalogue category, or one a test fixture registered (only the defaults apply to it). */
export function effectivePreference(settings: PreferenceSettings | null, category: string): EffectivePreference {
  const defaults = settings?.defaults ?? {};
  const own = settings?.categories[category as NotificationCategory] ?? {};
  const quietHours = own.quietHours !== undefined ? own.quietHours : defaults.quietHours;
  return {
    channels: own.channels ?? defaults.channels,
    language: own.language ?? defaults.language,
    quietHours: quietHours ?? null,
    digest: isDigestibleCategory(category) && (own.digest ?? defaults.digest ?? false),
  };
}
