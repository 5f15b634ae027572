import { UnprocessableError } from '@ctip/errors';

/** One page of a list; pass `nextCursor` back as `cursor` for the next one, null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a caller asks for: a page size and the cursor of the previous page, if any. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

type SortValue = string | number | Date;

/**
 * The order of a list: by a top-level field (e.g. `createdAt`), `_id` breaking ties in the same
 * direction, or by `_id` alone. A total order, so paging visits every item once while items are added.
 */
export interface PageOrder {
  field?: string;
  direction: 1 | -1;
}

/** Where the previous page ended: its last item's sort value and id. */
interface Position {
  id: string;
  value?: SortValue;
}

const MAX_CURSOR_LENGTH = 600;

/** Opaque to clients: base64url of the last item's sort value and id. */
export function encodeCursor(position: Position): string {
  const { id, value } = position;
  const encoded =
    value instanceof Date
      ? { i: id, d: value.toISOString() }
      : typeof value === 'string'
        ? { i: id, s: value }
        : value === undefined
          ? { i: id }
          : { i: id, n: value };
  return Buffer.from(JSON.stringify(encoded), 'utf8').toString('base64url');
}

/** The position a cursor made by `encodeCursor` names, or undefined for anything else. */
export function decodeCursor(cursor: string): Position | undefined {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { i, ...rest } = parsed as Record<string, unknown>;
  if (typeof i !== 'string' || i.length === 0) return undefined;
  const keys = Object.keys(rest);
  if (keys.length === 0) return { id: i };
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  const raw = rest[key];
  if (key === 's' && typeof raw === 'string') return { id: i, value: raw };
  if (key === 'n' && typeof raw === 'number' && Number.isFinite(raw)) return { id: i, value: raw };
  if (key === 'd' && typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) return { id: i, value: new Date(raw) };
  return undefined;
}

/** For a query schema: whether a client's cursor could have come from a list. */
export function isCursor(cursor: string): boolean {
  return decodeCursor(cursor) !== undefined;
}

const invalidCursor = () =>
  new UnprocessableError('invalid cursor', [{ field: 'cursor', reason: 'is not a cursor returned by this list' }]);

/** The sort of a list in this order. */
export function sortOf(order: PageOrder): Record<string, 1 | -1> {
  return order.field === undefined ? { _id: order.direction } : { [order.field]: order.direction, _id: order.direction };
}

/** The filter for the items after `cursor` in this order; a cursor from another list is refused naming `cursor`. */
export function afterCursor(order: PageOrder, cursor: string | undefined): Record<string, unknown> {
  if (cursor === undefined) return {};
  const position = decodeCursor(cursor);
  if (!position || (order.field === undefined) !== (position.value === undefined)) throw invalidCursor();
  const beyond = order.direction === 1 ? '$gt' : '$lt';
  if (order.field === undefined) return { _id: { [beyond]: position.id } };
  return { $or: [{ [order.field]: { [beyond]: position.value } }, { [order.field]: position.value, _id: { [beyond]: position.id } }] };
}

/** Turns the `limit + 1` rows read into a page: the extra row only tells that another page follows. */
export function toPage<T>(rows: T[], limit: number, order: PageOrder): Page<T> {
  const items = rows.slice(0, limit);
  if (rows.length <= limit) return { items, nextCursor: null };
  const last = items[items.length - 1] as Record<string, unknown>;
  const value = order.field === undefined ? undefined : (last[order.field] as SortValue);
  return { items, nextCursor: encodeCursor({ id: String(last._id), value }) };
}

/** What a repository runs for one page: its filter combined with the cursor's, the order's sort, `limit + 1`. */
export interface PageFind {
  filter: Record<string, unknown>;
  sort: Record<string, 1 | -1>;
  limit: number;
}

/**
 * Reads one page in a stable order: the sort stays in the query (never in memory), `limit + 1` rows tell
 * whether another page follows. `find` runs the query on the repository's model or collection.
 */
export async function readPage<T>(
  request: PageRequest,
  order: PageOrder,
  filter: Record<string, unknown>,
  find: (query: PageFind) => Promise<T[]>,
): Promise<Page<T>> {
  const after = afterCursor(order, request.cursor);
  const combined = Object.keys(after).length === 0 ? filter : Object.keys(filter).length === 0 ? after : { $and: [filter, after] };
  const rows = await find({ filter: combined, sort: sortOf(order), limit: request.limit + 1 });
  return toPage(rows, request.limit, order);
}
