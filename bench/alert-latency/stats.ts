/** Nearest-rank percentile of an ascending-sorted list (p in 0..100); NaN for an empty list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Summary {
  count: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** p50/p95/p99/max/mean of a list of durations in ms, rounded to 0.1 ms. */
export function summarize(durations: readonly number[]): Summary {
  const sorted = [...durations].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, d) => sum + d, 0) / (sorted.length || 1);
  return {
    count: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted.length ? sorted[sorted.length - 1] : Number.NaN),
    mean_ms: round(mean),
  };
}

/**
 * Calls `send(i)` for i = 0..count-1 at a fixed rate, open loop: the i-th call starts at start + i/rate
 * whatever the earlier ones are doing (a slow system gets requests at the planned rate, as in the field,
 * and its queueing shows in the latency). Resolves when every call has settled.
 */
export async function paced(count: number, perSecond: number, send: (index: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let index = 0; index < count; index += 1) {
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(index));
  }
  await Promise.all(pending);
}
