import { paced, percentile, summarize } from './stats';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted durations', () => {
    expect(summarize([30, 10, 20, 40])).toEqual({ count: 4, p50_ms: 20, p95_ms: 40, p99_ms: 40, max_ms: 40, mean_ms: 25 });
  });

  it('starts every call on its schedule without waiting for the earlier ones (open loop)', async () => {
    let inFlight = 0;
    let most = 0;
    await paced(5, 1000, async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 500));
      inFlight -= 1;
    });
    expect(most).toBe(5);
  });
});
