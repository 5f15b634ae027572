import { fieldProblems } from './zod-validation.pipe';
import { MAX_PAGE_SIZE, pageOf, pageQuerySchema } from './page.schema';
import { z } from 'zod';

describe('pageQuerySchema', () => {
  it('defaults to 20 items and caps the page size at 100', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 20 });
    const cursor = Buffer.from(JSON.stringify({ i: 'fp-md-primary' })).toString('base64url');
    expect(pageQuerySchema.parse({ limit: '100', cursor })).toEqual({ limit: 100, cursor });
    expect(pageQuerySchema.safeParse({ limit: String(MAX_PAGE_SIZE + 1) }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
  });

  it('names the cursor when it is not of the form a list makes', () => {
    const result = pageQuerySchema.safeParse({ cursor: '%%%' });
    expect(result.success).toBe(false);
    expect(fieldProblems(result.error!)).toEqual([{ field: 'cursor', reason: 'must be a cursor returned by this list' }]);
  });
});

describe(pageOf.name, () => {
  it('describes a page of items with a nullable next cursor', () => {
    const page = pageOf(z.object({ id: z.string() }));
    expect(page.parse({ items: [{ id: 'a' }], nextCursor: null })).toEqual({ items: [{ id: 'a' }], nextCursor: null });
    expect(page.safeParse({ items: [] }).success).toBe(false);
  });
});
