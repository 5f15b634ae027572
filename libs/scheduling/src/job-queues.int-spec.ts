import { createLogger } from '@ctip/observability';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, jobId } from './job-definition';
import { JobQueues } from './job-queues';
import { RedisLease } from './redis-lease';

describe(JobQueues.name, () => {
  const logger = createLogger({ service: 'job-queues-test', level: 'silent' });
  const open: JobQueues[] = [];
  let redis: Redis;

  const queues = (prefix: string) => {
    const q = new JobQueues(process.env.REDIS_URL!, prefix, logger);
    open.push(q);
    return q;
  };

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
  });

  afterEach(async () => {
    for (const q of open.splice(0)) {
      await q.closeWorkers(1_000);
      await q.closeConnections();
    }
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('runs a delayed job once after the worker restarted, and adding it twice keeps one', async () => {
    const prefix = `test-${uniqueSuffix()}`;
    const escalate = defineJob('escalations', 'escalate', z.object({ alertId: z.string() }));
    const first = queues(prefix);
    first.process(escalate, async () => {
      throw new Error('this worker is stopped before the job is due');
    });
    const id = jobId('escalate', 'alert-1', 'rung', 1);
    await first.add(escalate, { alertId: 'alert-1' }, { jobId: id, delay: 1_500 });
    await first.add(escalate, { alertId: 'alert-1' }, { jobId: id, delay: 1_500 });
    expect(await first.queue('escalations').getDelayedCount()).toBe(1);
    await first.closeWorkers(1_000); // the worker goes away while the job waits in Redis

    const second = queues(prefix);
    const ran: string[] = [];
    second.process(escalate, async (data, { job }) => {
      ran.push(`${job.id}:${data.alertId}`);
      await redis.incr(`${prefix}:ran`);
    });
    await expectEventually(() => expect(ran).toEqual([`${id}:alert-1`]), { timeoutMs: 10_000 });
    await expectEventually(async () => expect(await second.queue('escalations').getCompletedCount()).toBe(1));
    expect(await redis.get(`${prefix}:ran`)).toBe('1');
  });

  it('rejects job data that does not match its schema, naming the field', async () => {
    const job = defineJob('reminders', 'remind', z.object({ eventId: z.string() }));
    await expect(queues(`test-${uniqueSuffix()}`).add(job, { eventId: 42 } as never)).rejects.toThrow(/eventId/);
  });

  it('keeps one job scheduler when two processes upsert it at the same time', async () => {
    const prefix = `test-${uniqueSuffix()}`;
    const a = queues(prefix);
    const b = queues(prefix);
    const scheduler = [
      { id: 'quarterly-review', name: 'quarterly-review', repeat: { pattern: '0 0 9 1 1,4,7,10 *', tz: 'Europe/Vienna' } },
    ];
    await Promise.all([
      a.upsertSchedulers('fund-cycle', scheduler),
      b.upsertSchedulers('fund-cycle', scheduler),
      a.upsertSchedulers('fund-cycle', scheduler),
    ]);

    const schedulers = await a.queue('fund-cycle').getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['quarterly-review']);
    expect(schedulers[0]).toMatchObject({ pattern: '0 0 9 1 1,4,7,10 *', tz: 'Europe/Vienna' });
    expect(await a.queue('fund-cycle').getDelayedCount()).toBe(1);
    const next = new Date(schedulers[0].next!);
    expect([0, 3, 6, 9]).toContain(next.getUTCMonth());
  });
});

describe(RedisLease.name, () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('has one holder at a time and passes on when released or expired', async () => {
    const key = `test-lease-${uniqueSuffix()}`;
    const a = new RedisLease(redis, key, 300);
    const b = new RedisLease(redis, key, 300);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await a.acquire()).toBe(true); // renewal by the holder
    await a.release();
    expect(await b.acquire()).toBe(true);
    await expectEventually(async () => expect(await a.acquire()).toBe(true), { timeoutMs: 2_000 }); // b's lease lapsed
  });
});
