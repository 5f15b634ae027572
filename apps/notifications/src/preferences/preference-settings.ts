import { z } from 'zod';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../channels/notification-channel';
import { TEMPLATE_LANGUAGES, type TemplateLanguage } from '../templates/locale-labels';
import { CATEGORY_NAMES, isUrgentCategory, NOTIFICATION_CATEGORIES, type NotificationCategory } from '../templates/notification-categories';
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
    /** One message a day instead of one per notice; non-urgent categories only. */
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
      if (preference?.digest && NOTIFICATION_CATEGORIES[category as NotificationCategory].urgent) {
        context.addIssue({
          code: 'custom',
          path: ['categories', category, 'digest'],
          message: 'urgent categories cannot be held for a digest',
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

export function effectivePreference(settings: PreferenceSettings | null, category: NotificationCategory): EffectivePreference {
  const defaults = settings?.defaults ?? {};
  const own = settings?.categories[category] ?? {};
  const quietHours = own.quietHours !== undefined ? own.quietHours : defaults.quietHours;
  return {
    channels: own.channels ?? defaults.channels,
    language: own.language ?? defaults.language,
    quietHours: quietHours ?? null,
    digest: !isUrgentCategory(category) && (own.digest ?? defaults.digest ?? false),
  };
}
