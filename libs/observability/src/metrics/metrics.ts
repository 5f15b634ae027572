import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';

/**
 * Process-wide Prometheus metrics. `get or create` keeps registration idempotent when several Nest
 * applications run in one process (integration tests).
 */
export const metrics = {
  registry: register as Registry,
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return (register.getSingleMetric(name) as Counter<L>) ?? new Counter({ name, help, labelNames });
  },
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return (register.getSingleMetric(name) as Gauge<L>) ?? new Gauge({ name, help, labelNames });
  },
  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets?: number[]): Histogram<L> {
    return (
      (register.getSingleMetric(name) as Histogram<L>) ??
      new Histogram({ name, help, labelNames, buckets: buckets ?? [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] })
    );
  },
};
