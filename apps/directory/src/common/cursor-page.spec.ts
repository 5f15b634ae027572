import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageQuerySchema, toPage } from './cursor-page';

describe(toPage.name, () => {
  const rows = ['a1', 'b2', 'c3', 'd4'].map((id) => ({ id }));

  it('returns the first `limit` rows and a cursor when a further row exists', () => {
    const page = toPage(rows, 3, (row) => row.id);
    expect(page.items.map((r) => r.id)).toEqual(['a1', 'b2', 'c3']);
    expect(decodeCursor(page.nextCursor!)).toBe('c3');
  });

  it('has no cursor on the last page', () => {
    expect(toPage(rows, 4, (row) => row.id).nextCursor).toBeNull();
    expect(toPage([], 4, (row: { id: string }) => row.id)).toEqual({ items: [], nextCursor: null });
  });
});

describe(decodeCursor.name, () => {
  it('reads back the id a cursor was made from', () => {
    expect(decodeCursor(encodeCursor('osce-presence-md'))).toBe('osce-presence-md');
  });

  it.each(['', 'not a cursor!', encodeCursor('Not-A-Slug'), Buffer.from('{"$gt":""}').toString('base64url')])('refuses %j', (cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});

describe('pageQuerySchema', () => {
  it('defaults to 50 items and caps the page size', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 50, cursor: undefined });
    expect(pageQuerySchema.parse({ limit: '200', cursor: encodeCursor('fp-md-primary') })).toEqual({ limit: 200, cursor: 'fp-md-primary' });
    expect(pageQuerySchema.safeParse({ limit: String(MAX_PAGE_SIZE + 1) }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
  });

  it('names the cursor when it was not made by a list', () => {
    const result = pageQuerySchema.safeParse({ cursor: '%%%' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['cursor']);
  });
});
