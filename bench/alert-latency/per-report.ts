/** One series of a Prometheus text exposition: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SERIES = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text format 0.0.4 that `/metrics` serves (prom-client); comments and blank lines skipped. */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = line.startsWith('#') ? null : SERIES.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

const keyOf = (s: Sample) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;

/** after − before per series (a series new in `after` counts from 0); for counters and histogram counts. */
export function deltaOf(before: readonly Sample[], after: readonly Sample[]): Sample[] {
  const earlier = new Map(before.map((s) => [keyOf(s), s.value]));
  return after.map((s) => ({ ...s, value: s.value - (earlier.get(keyOf(s)) ?? 0) }));
}

const READS = new Set(['find', 'getMore', 'count', 'aggregate']);
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const per = (value: number, reports: number) => Number((value / reports).toFixed(2));
const sumOf = (samples: readonly Sample[], name: string) => samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);

function perKey(samples: readonly Sample[], label: string, reports: number): Record<string, number> {
  const totals = new Map<string, number>();
  for (const s of samples) totals.set(s.labels[label] ?? '', (totals.get(s.labels[label] ?? '') ?? 0) + s.value);
  return Object.fromEntries(
    [...totals]
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k || '(none)', per(v, reports)]),
  );
}

export interface ServiceCost {
  db: {
    commands: number;
    reads: number;
    writes: number;
    other: number;
    by_command: Record<string, number>;
    by_collection: Record<string, number>;
  };
  kafka: { published?: number; consumed?: number; outbox_relayed?: number };
  jobs?: number;
}

/**
 * What one accepted report cost a service, from the delta of its /metrics over the measured run:
 * database commands (`ctip_db_commands_total`; reads = find+getMore+count+aggregate, writes =
 * insert+update+delete+findAndModify), events produced (`ctip_kafka_published_total`) and handled
 * (`ctip_kafka_handler_duration_seconds_count`), outbox entries relayed and jobs run. Everything the
 * service did meanwhile counts (sweeps, heartbeats of its queues), divided by the reports accepted.
 */
export function serviceCost(delta: readonly Sample[], reports: number): ServiceCost {
  const db = delta.filter((s) => s.name === 'ctip_db_commands_total');
  const total = (set: Set<string>) => db.filter((s) => set.has(s.labels.command)).reduce((sum, s) => sum + s.value, 0);
  const all = db.reduce((sum, s) => sum + s.value, 0);
  const has = (name: string) => delta.some((s) => s.name === name);
  const kafka: ServiceCost['kafka'] = {};
  if (has('ctip_kafka_published_total')) kafka.published = per(sumOf(delta, 'ctip_kafka_published_total'), reports);
  if (has('ctip_kafka_handler_duration_seconds_count'))
    kafka.consumed = per(sumOf(delta, 'ctip_kafka_handler_duration_seconds_count'), reports);
  if (has('ctip_outbox_relayed_total')) kafka.outbox_relayed = per(sumOf(delta, 'ctip_outbox_relayed_total'), reports);
  return {
    db: {
      commands: per(all, reports),
      reads: per(total(READS), reports),
      writes: per(total(WRITES), reports),
      other: per(all - total(READS) - total(WRITES), reports),
      by_command: perKey(db, 'command', reports),
      by_collection: perKey(db, 'collection', reports),
    },
    kafka,
    ...(has('ctip_job_duration_seconds_count') ? { jobs: per(sumOf(delta, 'ctip_job_duration_seconds_count'), reports) } : {}),
  };
}

/** `INFO commandstats` → calls per command (`cmdstat_hset:calls=12,usec=…` → { hset: 12 }). */
export function parseCommandstats(info: string): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [, command, count] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[command] = Number(count);
  return calls;
}

/** Redis commands per report, server-wide (every client of the shared server counts), the busiest ten by name. */
export function redisCost(before: Record<string, number>, after: Record<string, number>, reports: number) {
  const delta = Object.entries(after)
    .map(([command, calls]) => [command, calls - (before[command] ?? 0)] as const)
    .filter(([, calls]) => calls > 0)
    .sort((a, b) => b[1] - a[1]);
  return {
    commands: per(
      delta.reduce((sum, [, calls]) => sum + calls, 0),
      reports,
    ),
    top: Object.fromEntries(delta.slice(0, 10).map(([command, calls]) => [command, per(calls, reports)])),
  };
}
