import { RecentReads } from './recent-reads';

describe('RecentReads', () => {
  const store = new Map([
    ['a', { _id: 'a', v: 1 }],
    ['b', { _id: 'b', v: 2 }],
  ]);
  let clock = 0;
  let reads: string[][] = [];
  const reader = (maxAgeMs: number, capacity?: number) =>
    new RecentReads<{ _id: string; v: number }>(
      async (ids) => {
        reads.push(ids);
        return ids.flatMap((id) => (store.has(id) ? [{ ...store.get(id)! }] : []));
      },
      maxAgeMs,
      capacity,
      () => clock,
    );
  beforeEach(() => {
    clock = 0;
    reads = [];
  });

  it('answers a second read within the age from the first, and concurrent reads of one id with one round trip', async () => {
    const recent = reader(1_000);
    const [first, second] = await Promise.all([recent.findMany(['a', 'x']), recent.findMany(['a', 'b'])]);
    expect(first).toEqual([{ _id: 'a', v: 1 }]);
    expect(second.map((d) => d._id)).toEqual(['a', 'b']);
    expect(reads).toEqual([['a', 'x'], ['b']]);
    clock = 1_000;
    await recent.findMany(['a', 'b', 'x']);
    expect(reads).toHaveLength(2);
  });

  it('reads again once the copy is older than the age, or forgotten after a write here', async () => {
    const recent = reader(1_000);
    await recent.findMany(['a']);
    store.set('a', { _id: 'a', v: 10 });
    clock = 1_001;
    expect(await recent.findMany(['a'])).toEqual([{ _id: 'a', v: 10 }]);
    store.set('a', { _id: 'a', v: 11 });
    recent.forget('a');
    expect(await recent.findMany(['a'])).toEqual([{ _id: 'a', v: 11 }]);
    expect(reads).toEqual([['a'], ['a'], ['a']]);
    store.set('a', { _id: 'a', v: 1 });
  });

  it('keeps no failed read, reads every time at age 0, and stays within its capacity', async () => {
    let fail = true;
    const flaky = new RecentReads<{ _id: string }>(async (ids) => {
      if (fail) throw new Error('down');
      return ids.map((id) => ({ _id: id }));
    }, 1_000);
    await expect(flaky.findMany(['a'])).rejects.toThrow('down');
    fail = false;
    await expect(flaky.findMany(['a'])).resolves.toEqual([{ _id: 'a' }]);

    const uncached = reader(0);
    await uncached.findMany(['a']);
    await uncached.findMany(['a']);
    expect(reads).toEqual([['a'], ['a']]);

    reads = [];
    const small = reader(1_000, 2);
    await small.findMany(['a', 'b']);
    await small.findMany(['x']); // full of fresh entries: starts over
    await small.findMany(['a']);
    expect(reads).toEqual([['a', 'b'], ['x'], ['a']]);
  });
});
