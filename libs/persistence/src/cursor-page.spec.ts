import { UnprocessableError } from '@ctip/errors';
import { afterCursor, decodeCursor, encodeCursor, readPage, sortOf, toPage, type PageOrder } from './cursor-page';

const NEWEST_FIRST: PageOrder = { field: 'createdAt', direction: -1 };
const BY_ID: PageOrder = { direction: 1 };

describe(encodeCursor.name, () => {
  it('reads back the sort value and id a cursor was made from, with their types', () => {
    const at = new Date('2026-03-01T10:00:00.000Z');
    expect(decodeCursor(encodeCursor({ id: 'case-1', value: at }))).toEqual({ id: 'case-1', value: at });
    expect(decodeCursor(encodeCursor({ id: 'a', value: 'b' }))).toEqual({ id: 'a', value: 'b' });
    expect(decodeCursor(encodeCursor({ id: 'a', value: 3 }))).toEqual({ id: 'a', value: 3 });
    expect(decodeCursor(encodeCursor({ id: 'osce-presence-md' }))).toEqual({ id: 'osce-presence-md' });
  });

  it.each([
    '',
    'not a cursor!',
    Buffer.from('{"$gt":""}').toString('base64url'),
    Buffer.from('{"i":{"$ne":null}}').toString('base64url'),
    Buffer.from('{"i":"a","d":"yesterday"}').toString('base64url'),
    Buffer.from('{"i":"a","s":"x","n":1}').toString('base64url'),
    Buffer.from('["a"]').toString('base64url'),
    'x'.repeat(601),
  ])('refuses %j', (cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});

describe(toPage.name, () => {
  const rows = [3, 2, 2, 1].map((n, i) => ({ _id: `id-${i}`, createdAt: new Date(Date.UTC(2026, 0, n)) }));

  it('returns the first `limit` rows and a cursor at the last of them when a further row exists', () => {
    const page = toPage(rows, 3, NEWEST_FIRST);
    expect(page.items.map((r) => r._id)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(decodeCursor(page.nextCursor!)).toEqual({ id: 'id-2', value: rows[2].createdAt });
  });

  it('has no cursor on the last page, even when it is exactly full', () => {
    expect(toPage(rows, 4, NEWEST_FIRST).nextCursor).toBeNull();
    expect(toPage([], 4, BY_ID)).toEqual({ items: [], nextCursor: null });
  });
});

describe(afterCursor.name, () => {
  it('continues after the last item, ties broken by id in the same direction', () => {
    const at = new Date('2026-01-02T00:00:00.000Z');
    expect(afterCursor(NEWEST_FIRST, encodeCursor({ id: 'id-2', value: at }))).toEqual({
      $or: [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: 'id-2' } }],
    });
    expect(afterCursor(BY_ID, encodeCursor({ id: 'fp-md' }))).toEqual({ _id: { $gt: 'fp-md' } });
    expect(afterCursor(BY_ID, undefined)).toEqual({});
    expect(sortOf(NEWEST_FIRST)).toEqual({ createdAt: -1, _id: -1 });
  });

  it('refuses a cursor that is not one, or that another list made, naming the cursor', () => {
    const refusal = (order: PageOrder, cursor: string) => {
      try {
        afterCursor(order, cursor);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const error of [
      refusal(BY_ID, '%%%'),
      refusal(BY_ID, encodeCursor({ id: 'a', value: 'b' })),
      refusal(NEWEST_FIRST, encodeCursor({ id: 'a' })),
    ]) {
      expect(error).toBeInstanceOf(UnprocessableError); // 422: the query schema already refused what is not base64url
      expect((error as UnprocessableError).errors).toEqual([{ field: 'cursor', reason: 'is not a cursor returned by this list' }]);
    }
  });
});

describe(readPage.name, () => {
  // An in-memory stand-in for the database's sort and filter, enough to walk the pages.
  const rows = Array.from({ length: 7 }, (_, i) => ({ _id: `id-${i}`, createdAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 3))) }));
  const find = async ({ filter, limit }: { filter: Record<string, unknown>; limit: number }) => {
    const clause = ('$and' in filter ? (filter.$and as Record<string, unknown>[])[1] : filter) as {
      $or?: [{ createdAt: { $lt: Date } }, { createdAt: Date; _id: { $lt: string } }];
    };
    const sorted = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1));
    const after = clause.$or
      ? sorted.filter(
          (r) =>
            r.createdAt < clause.$or![0].createdAt.$lt ||
            (r.createdAt.getTime() === clause.$or![1].createdAt.getTime() && r._id < clause.$or![1]._id.$lt),
        )
      : sorted;
    return after.slice(0, limit);
  };

  it('visits every item once, newest first, following nextCursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await readPage({ limit: 3, cursor }, NEWEST_FIRST, { personId: 'p' }, find);
      seen.push(...page.items.map((r) => r._id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['id-6', 'id-5', 'id-4', 'id-3', 'id-2', 'id-1', 'id-0']);
  });

  it('asks for one row more than the page and keeps the repository’s filter', async () => {
    const queries: unknown[] = [];
    await readPage({ limit: 5 }, BY_ID, { kind: 'partner' }, async (query) => {
      queries.push(query);
      return [];
    });
    expect(queries).toEqual([{ filter: { kind: 'partner' }, sort: { _id: 1 }, limit: 6 }]);
  });
});
