import { uniqueSuffix } from '@ctip/testing';
import { Redis } from 'ioredis';
import { OutboxPendingIndex } from './outbox-pending-index';

/** The sweeper's index of documents with unpublished entries, on the real Redis. */
describe('OutboxPendingIndex', () => {
  const key = `ctip:test-${uniqueSuffix()}:outbox:pending`;
  let redis: Redis;
  let index: OutboxPendingIndex;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
    index = new OutboxPendingIndex(redis, key);
  });

  afterAll(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('keeps the oldest mark of a document (saying which call set it), lists marks older than a time oldest first, and clears only an unchanged mark', async () => {
    expect(await index.mark('cases', 'c-1', 1_000)).toEqual({ score: 1_000, created: true });
    expect(await index.mark('cases', 'c-1', 5_000)).toEqual({ score: 1_000, created: false });
    await index.mark('deliveries', 'd-1', 2_000);
    await index.mark('deliveries', 'd-2', 9_000);

    expect(await index.olderThan(9_000, 10)).toEqual([
      { collection: 'cases', id: 'c-1', since: 1_000 },
      { collection: 'deliveries', id: 'd-1', since: 2_000 },
    ]);
    expect(await index.olderThan(9_000, 1)).toHaveLength(1);

    await index.clear('deliveries', 'd-1', 1_500);
    expect((await index.olderThan(3_000, 10)).map((m) => m.id)).toEqual(['c-1', 'd-1']);
    await index.clear('deliveries', 'd-1', 2_000);
    await index.clear('cases', 'c-1', 1_000);
    expect(await index.olderThan(10_000, 10)).toEqual([{ collection: 'deliveries', id: 'd-2', since: 9_000 }]);
  });

  it('postpones an unchanged mark past the sweeper’s cut-off, and neither a changed nor a missing one', async () => {
    await index.mark('cases', 'p-1', 1_000);
    expect(await index.postpone('cases', 'p-1', 1_000, 20_000)).toBe(true);
    expect((await index.olderThan(19_000, 10)).map((m) => m.id)).not.toContain('p-1');
    expect(await index.postpone('cases', 'p-1', 1_000, 30_000)).toBe(false);
    expect(await index.postpone('cases', 'p-missing', 1_000, 30_000)).toBe(false);
    expect(await redis.zscore(key, 'cases\u0000p-missing')).toBeNull();
    await index.clear('cases', 'p-1', 20_000);
    expect((await index.olderThan(40_000, 10)).map((m) => m.id)).not.toContain('p-1');
  });
});
