import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * The query of every list: `limit` (1 to 100, default 20) and the `cursor` of the previous page. A
 * cursor is opaque base64url (anything else answers 400 naming `cursor`); one of that form the list did
 * not make answers 422 naming `cursor` (`readPage`). Extend it with the list's own filters.
 */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,600}$/, 'must be a cursor returned by this list')
    .optional(),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

/** The response of a list of `item`, for OpenAPI: `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  });
}
