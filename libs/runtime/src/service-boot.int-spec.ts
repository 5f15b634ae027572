import { ensureDevKeys } from '@ctip/auth';
import { expectEventually, serviceEnv, ServiceProcess, uniqueSuffix } from '@ctip/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The four services as the start command runs them: compiled, one process each, on the real servers. */
describe('service boot', () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'ctip-keys-'));
  const processes: ServiceProcess[] = [];
  let jwksFile: string;

  const env = (port: number): Record<string, string> => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    ...serviceEnv({ issuer: 'http://localhost/ctip-test', audience: 'ctip-api', jwksFile }),
  });

  const spawn = (app: string, vars: Record<string, string>) => {
    const proc = new ServiceProcess(`${app}-${uniqueSuffix(4)}`, `apps/${app}/src/main.js`, vars).start();
    processes.push(proc);
    return proc;
  };

  beforeAll(async () => {
    jwksFile = (await ensureDevKeys(keysDir)).jwksFile;
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  });

  it.each([
    ['case-coordination', 13101],
    ['fund-proposals', 13102],
    ['training-events', 13103],
    ['notifications', 13104],
    ['directory', 13106],
  ])('%s answers ready with every dependency up, serves metrics and OpenAPI, and stops in order on SIGTERM', async (app, port) => {
    const service = spawn(app, env(port));
    const ready = await expectEventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect(response.status).toBe(200);
        return (await response.json()) as { details: Record<string, { status: string }> };
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(Object.keys(ready.details).sort()).toEqual(['database', 'kafka', 'redis']);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^# TYPE ctip_kafka_dead_letters_total counter/m);
    expect(metrics).toMatch(/^# TYPE ctip_kafka_consumer_lag gauge/m);
    expect(metrics).toMatch(/process_cpu_seconds_total\{service="/);
    const openapi = (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as { info: { title: string } };
    expect(openapi.info.title).toBe(app);

    await service.stop('SIGTERM');
    // Nest re-raises the signal once its shutdown hooks have run.
    expect([0, 'SIGTERM']).toContain(service.exitCode ?? service.signal);
    const order = ['shutdown: job workers closed', 'shutdown: redis connections closed'].map((m) => service.output().indexOf(m));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order[0]).toBeLessThan(order[1]);
  });

  it('refuses to start with a missing or malformed setting and names it', async () => {
    const { KAFKA_BROKERS: _missing, ...withoutKafka } = env(13105);
    const service = spawn('case-coordination', { ...withoutKafka, KAFKA_BROKERS: '', REDIS_URL: 'http://not-redis' });
    await service.waitForExit();
    expect(service.exitCode).toBe(1);
    expect(service.output()).toMatch(/KAFKA_BROKERS/);
    expect(service.output()).toMatch(/REDIS_URL: must be a URL with protocol redis or rediss/);
  });
});
