import { z } from 'zod';

/**
 * Free text that is trimmed before its length is checked. The OpenAPI schema cannot say "trimmed", so
 * a pattern says it instead: at least `min` characters from the first to the last non-space one.
 */
export function trimmedText(options: { min?: number; max: number; message?: string }): z.ZodString {
  const min = options.min ?? 0;
  const text = z.string().trim().max(options.max);
  if (min === 0) return text;
  const pattern = min === 1 ? '\\S' : `\\S[\\s\\S]{${min - 2},}\\S`;
  return text.min(min, options.message).meta({ pattern });
}
