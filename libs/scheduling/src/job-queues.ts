import { Redis } from 'ioredis';
import { Queue, UnrecoverableError, Worker, type DefaultJobOptions, type Job, type JobsOptions, type RepeatOptions } from 'bullmq';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { z } from 'zod';
import { Correlation, metrics } from '@ctip/observability';
import type { JobDefinition } from './job-definition';
import { RedisLease } from './redis-lease';

/** Central defaults: retried with backoff, failures kept for inspection, completed ids kept long enough to deduplicate. */
const ADD_BULK_CHUNK = 200;

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Correlation travels inside job data under this key, next to the validated payload. */
interface Carried<T> {
  payload: T;
  correlationId?: string;
}

export interface JobContext {
  job: Job;
  /** Delay between when the job was due and when it started, for lateness reporting. */
  lateByMs: number;
}

const live = new Set<JobQueues>();
const queueDepth =
  (metrics.registry.getSingleMetric('ctip_queue_jobs') as Gauge<'queue' | 'state'> | undefined) ??
  new Gauge({
    name: 'ctip_queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time',
    labelNames: ['queue', 'state'],
    async collect() {
      await Promise.allSettled([...live].map((q) => q.collectDepth()));
    },
  });
const jobDuration = metrics.histogram('ctip_job_duration_seconds', 'Time to run one job', ['queue', 'name', 'outcome']);

export function createRedis(url: string, purpose: 'queue' | 'worker' | 'client'): Redis {
  return new Redis(url, {
    // Workers must never give up on a command (BullMQ requirement); other clients fail a command after a few retries.
    maxRetriesPerRequest: purpose === 'worker' ? null : 5,
    connectionName: `ctip-${purpose}`,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}

/**
 * Queues, workers and job schedulers of one service on one Redis. Workers are closed with a time limit
 * before Redis and the database close; schedulers are upserted by one replica at a time.
 */
export class JobQueues {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connection: Redis;
  private readonly workerConnection: Redis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    /** Lock duration and stalled-job check interval of the workers (BullMQ's default). */
    private readonly stallCheckMs = 30_000,
  ) {
    this.connection = createRedis(redisUrl, 'queue');
    this.workerConnection = createRedis(redisUrl, 'worker');
    live.add(this);
  }

  get redis(): Redis {
    return this.connection;
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queue.on('error', (err) => this.logger.warn({ err, queue: name }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job after validating its data; pass a deterministic `jobId` to make adding idempotent. */
  async add<S extends z.ZodType>(definition: JobDefinition<S>, data: z.input<S>, options: JobsOptions = {}): Promise<Job> {
    const payload = definition.schema.parse(data);
    const carried: Carried<unknown> = { payload, correlationId: Correlation.id() };
    return this.queue(definition.queue).add(definition.name, carried, options);
  }

  /**
   * Adds several jobs of one kind in one Redis round trip (BullMQ's `addBulk`, a MULTI); each with its own
   * options, a deterministic `jobId` making each add idempotent as with `add`.
   */
  async addBulk<S extends z.ZodType>(definition: JobDefinition<S>, jobs: { data: z.input<S>; options: JobsOptions }[]): Promise<Job[]> {
    const correlationId = Correlation.id();
    const added: Job[] = [];
    // In MULTIs of ADD_BULK_CHUNK: Redis runs a MULTI whole, and one of thousands of jobs holds every other client.
    for (let i = 0; i < jobs.length; i += ADD_BULK_CHUNK) {
      added.push(
        ...(await this.queue(definition.queue).addBulk(
          jobs.slice(i, i + ADD_BULK_CHUNK).map(({ data, options }) => ({
            name: definition.name,
            data: { payload: definition.schema.parse(data), correlationId } satisfies Carried<unknown>,
            opts: options,
          })),
        )),
      );
    }
    return added;
  }

  /** Removes a pending job by id; returns whether one was removed. */
  async remove(definition: JobDefinition, id: string): Promise<boolean> {
    const job = await this.queue(definition.queue).getJob(id);
    if (!job) return false;
    try {
      await job.remove();
      return true;
    } catch (error) {
      // A job that is running cannot be removed; its processor must find there is nothing left to do.
      if (error instanceof Error && /locked/i.test(error.message)) return false;
      throw error;
    }
  }

  /**
   * Starts a worker for one job kind. Invalid data fails the job without retries; the processor runs
   * inside the correlation context of whoever added the job.
   */
  process<S extends z.ZodType>(
    definition: JobDefinition<S>,
    processor: (data: z.output<S>, context: JobContext) => Promise<unknown>,
    options: { concurrency?: number; limiter?: { max: number; duration: number } } = {},
  ): Worker {
    const worker = new Worker(
      definition.queue,
      async (job: Job<Carried<unknown>>) => {
        if (job.name !== definition.name) throw new UnrecoverableError(`unexpected job ${job.name} on ${definition.queue}`);
        const parsed = definition.schema.safeParse(job.data?.payload);
        if (!parsed.success)
          throw new UnrecoverableError(
            `invalid job data: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        const started = Date.now();
        const dueAt = job.timestamp + (job.opts.delay ?? 0);
        const context: JobContext = { job, lateByMs: Math.max(0, (job.processedOn ?? started) - dueAt) };
        const correlationId = job.data.correlationId ?? `job-${job.id}`;
        let outcome = 'completed';
        try {
          return await Correlation.run({ correlationId, causationId: job.id }, () => processor(parsed.data, context));
        } catch (error) {
          outcome = 'failed';
          throw error;
        } finally {
          jobDuration.observe({ queue: definition.queue, name: definition.name, outcome }, (Date.now() - started) / 1000);
        }
      },
      {
        connection: this.workerConnection,
        prefix: this.prefix,
        concurrency: options.concurrency ?? 5,
        limiter: options.limiter,
        lockDuration: this.stallCheckMs,
        stalledInterval: this.stallCheckMs,
      },
    );
    worker.on('failed', (job, err) =>
      this.logger.warn(
        { queue: definition.queue, jobId: job?.id, attempts: job?.attemptsMade, err: { name: err.name, message: err.message } },
        'job failed',
      ),
    );
    worker.on('error', (err) => this.logger.warn({ err, queue: definition.queue }, 'worker error'));
    this.workers.push(worker);
    return worker;
  }

  /**
   * Upserts job schedulers (cron with time zone, or a fixed interval). Replicas take turns through a
   * Redis lease: concurrent upserts at boot have duplicated or lost schedulers in BullMQ.
   */
  async upsertSchedulers(
    queueName: string,
    schedulers: { id: string; repeat: Pick<RepeatOptions, 'pattern' | 'every' | 'tz'>; name: string; data?: unknown }[],
  ): Promise<void> {
    const lease = new RedisLease(this.connection, `${this.prefix}:lease:schedulers:${queueName}`, 30_000);
    const done = await lease.runExclusive(async () => {
      const queue = this.queue(queueName);
      for (const s of schedulers) {
        await queue.upsertJobScheduler(s.id, s.repeat, { name: s.name, data: { payload: s.data ?? {} } });
      }
    });
    if (!done) throw new Error(`could not take the scheduler lease for ${queueName}`);
  }

  /** Queue depth for /metrics. */
  async collectDepth(): Promise<void> {
    for (const [name, queue] of this.queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      for (const [state, count] of Object.entries(counts)) queueDepth.set({ queue: name, state }, count);
    }
  }

  /** Lets running jobs finish up to the time limit, then forces the workers closed (their jobs are retried as stalled). */
  async closeWorkers(timeoutMs: number): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        const result = await Promise.race([worker.close().then(() => 'closed' as const), timedOut]);
        clearTimeout(timer);
        if (result === 'timeout') {
          this.logger.warn({ queue: worker.name }, 'worker did not finish in time, forcing close');
          await worker.close(true);
        }
      }),
    );
  }

  async closeConnections(): Promise<void> {
    live.delete(this);
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.allSettled([this.connection.quit(), this.workerConnection.quit()]);
  }
}
