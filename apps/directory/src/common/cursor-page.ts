import { z } from 'zod';
import { DIRECTORY_ID_PATTERN } from './directory-fields';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Opaque to clients: the id of the last item returned, so paging is stable while items are added. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return DIRECTORY_ID_PATTERN.test(id) && encodeCursor(id) === cursor ? id : undefined;
}

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .optional()
    .transform((cursor, ctx) => {
      if (cursor === undefined) return undefined;
      const after = decodeCursor(cursor);
      if (after === undefined) ctx.addIssue({ code: 'custom', message: 'is not a cursor returned by this list' });
      return after;
    }),
});

/** Repositories fetch `limit + 1` rows: the extra row only tells whether another page exists. */
export function toPage<T>(rows: T[], limit: number, idOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more ? encodeCursor(idOf(items[items.length - 1])) : null };
}

export function pageSchemaOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
