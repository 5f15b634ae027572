import { LANGUAGES, languageSchema } from '@ctip/contracts';
import { z } from 'zod';

/** Ids are chosen by the client (`osce-presence-md`, `fp-md-primary`), so they read well in events and logs. */
export const DIRECTORY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const directoryIdSchema = z
  .string()
  .regex(
    DIRECTORY_ID_PATTERN,
    'must be a lowercase slug such as osce-presence-md: 2 to 63 characters of a-z, 0-9 and -, not starting with -',
  );

export const revisionSchema = z.number().int().min(1);

export const roleNameSchema = z.string().regex(/^[a-z][a-z-]{1,40}$/, 'must be a lowercase role name such as focal-point');

export function withoutRepeats<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .refine((items) => new Set(items).size === items.length, 'must not list an item twice')
    .meta({ uniqueItems: true });
}

/** Notifications are written in English and Russian, so everyone must read at least one of them. */
export const languagesSchema = withoutRepeats(languageSchema)
  .min(1)
  .refine((codes) => codes.length === 0 || codes.some((code) => (LANGUAGES as readonly string[]).includes(code)), {
    message: `must include ${LANGUAGES.join(' or ')}: notifications are written in these languages`,
  })
  .meta({ uniqueItems: true, contains: { enum: [...LANGUAGES] } });
