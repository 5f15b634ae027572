import { z } from 'zod';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../channels/notification-channel';
import { TEMPLATE_LANGUAGES, type TemplateLanguage } from '../templates/recipient-locale';
import { isDigestible, type NotificationCategory } from '../templates/notification-category';
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

/** The shape of PUT /me/preferences: defaults for every category, and overrides per category. */
export const preferencesSchema = z
  .object({
    defaults: categoryPreferenceSchema.default({}),
    categories: z.partialRecord(z.string(), categoryPreferenceSchema).default({}),
  })
  .strict();

/** The body of PUT /me/preferences for the service's categories: unknown names and digests of urgent ones are refused. */
export function preferencesSchemaFor(categories: readonly NotificationCategory[]) {
  const byName = new Map(categories.map((category) => [category.name, category]));
  return preferencesSchema.superRefine((value, context) => {
    for (const [name, preference] of Object.entries(value.categories)) {
      const category = byName.get(name);
      if (!category) {
        const known = [...byName.keys()].join(', ');
        context.addIssue({ code: 'custom', path: ['categories', name], message: `unknown category (known: ${known})` });
      } else if (preference?.digest && !isDigestible(category)) {
        context.addIssue({
          code: 'custom',
          path: ['categories', name, 'digest'],
          message: 'this category is never held for a digest (urgent notices carry deadlines)',
        });
      }
    }
  });
}

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
  const own = settings?.categories[category.name] ?? {};
  const quietHours = own.quietHours !== undefined ? own.quietHours : defaults.quietHours;
  return {
    channels: own.channels ?? defaults.channels,
    language: own.language ?? defaults.language,
    quietHours: quietHours ?? null,
    digest: isDigestible(category) && (own.digest ?? defaults.digest ?? false),
  };
}
