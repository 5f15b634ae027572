import { z } from 'zod';

/** Reusable setting parsers: env values are strings, these turn them into typed values with clear errors. */
export const setting = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  url: (protocols: string[]) =>
    z.string().refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(':', ''));
        } catch {
          return false;
        }
      },
      { message: `must be a URL with protocol ${protocols.join(' or ')}` },
    ),
  /** Comma-separated list of host:port pairs. */
  brokers: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port')).min(1, 'must list at least one broker')),
  list: () =>
    z.string().transform((value) =>
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  durationMs: (fallback: number) => z.coerce.number().int().min(0).default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** Settings every service has: where the backbone is, how to log, how to verify tokens. */
export const backboneSettings = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: setting.logLevel(),
  KAFKA_BROKERS: setting.brokers(),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  MONGO_URL: setting.url(['mongodb', 'mongodb+srv']),
  REDIS_URL: setting.url(['redis', 'rediss']),
  SHUTDOWN_TIMEOUT_MS: setting.durationMs(20_000),
  /**
   * A running job's lock lasts this long (renewed at half of it while the worker lives), and workers look
   * for jobs whose lock ran out this often: a killed worker's job runs again within about twice this.
   */
  JOB_STALL_CHECK_MS: setting.durationMs(30_000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Isolates a deployment on shared infrastructure: topics, consumer group, database and queues. */
  NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lowercase letters, digits and dashes, starting with a letter')
    .optional(),
  OUTBOX_SWEEP_INTERVAL_MS: setting.durationMs(1_000),
  OUTBOX_GRACE_MS: setting.durationMs(3_000),
  /** The sweeper's scan of whole collections, for entries its pending index does not know (see libs/outbox). */
  OUTBOX_FULL_SWEEP_INTERVAL_MS: setting.durationMs(600_000),
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  JWT_JWKS_URL: setting.url(['http', 'https']).optional(),
  JWT_JWKS_FILE: z.string().min(1).optional(),
});

export type BackboneSettings = z.infer<typeof backboneSettings>;
