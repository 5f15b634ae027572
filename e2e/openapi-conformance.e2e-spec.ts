import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROLES } from '@ctip/auth';
import { LOG_DIR, REPO_ROOT } from '@ctip/testing';
import { AlertStack, APPS, type App } from './alert-stack';

const run = promisify(execFile);
const WORK_DIR = join(REPO_ROOT, '.infra', 'schemathesis');

/**
 * Every service's OpenAPI document, fuzzed by schemathesis with all its checks against the running
 * service: no server error; every status, content type and body as documented; schema-valid data
 * accepted (a 400 to it means a wrong document; see e2e/schemathesis.toml); invalid data refused;
 * undeclared methods answered 405. A bounded, seeded number of examples keeps it repeatable.
 */
describe('OpenAPI conformance (schemathesis)', () => {
  const stack = new AlertStack({
    prefix: 'openapi',
    // OPENAPI_PORT_BASE moves the five ports, so engineers sharing a machine can run it at once.
    ports: portsFrom(Number(process.env.OPENAPI_PORT_BASE ?? 16300)),
    // The public fund routes are rate limited per address; the fuzzer's requests would mostly meet 429
    // (documented, so they pass) and leave the routes untested. The limiter has its own test.
    env: { FUND_PUBLIC_RATE_LIMIT: '100000' },
  });
  const schemathesis = join(REPO_ROOT, 'scripts', 'schemathesis');
  let token: string;

  beforeAll(async () => {
    // Installs schemathesis from PyPI into .infra/ on the first run, as the servers are installed.
    mkdirSync(WORK_DIR, { recursive: true });
    await run('bash', [schemathesis, '--version'], { timeout: 300_000 });
    await stack.start();
    // Every role, so each operation is reached past its role check (401 and 403 are probed without it).
    token = await stack.token('openapi-fuzzer', [...ROLES], ['MD'], 'osce-presence-md');
  }, 600_000);

  afterAll(() => stack.stop(), 60_000);

  it.each(APPS.map((app) => [app]))(
    '%s answers as its OpenAPI document says',
    async (app: App) => {
      const result = await fuzz(app);
      mkdirSync(LOG_DIR, { recursive: true });
      writeFileSync(join(LOG_DIR, `${stack.ns}-schemathesis-${app}.txt`), result.output);
      if (result.exitCode !== 0) throw new Error(`schemathesis found problems in ${app}:\n\n${readable(result.output)}`);
      expect(result.output).toMatch(/\d+ generated, \d+ passed/);
    },
    240_000,
  );

  async function fuzz(app: App): Promise<{ exitCode: number; output: string }> {
    const args = [
      schemathesis,
      '--config-file',
      join(REPO_ROOT, 'e2e', 'schemathesis.toml'),
      'run',
      `${stack.url(app)}/docs-json`,
      '--checks',
      'all',
      '--header',
      `Authorization: Bearer ${token}`,
      // 6 per operation (20 until 2 December 2026, 10 until 3 December): the suite took 237 s of a 21.5-minute
      // CI run on a slower machine, and 185 s of a 19.6-minute one at 10.
      '--max-examples',
      '6',
      '--seed',
      '1',
      // One worker: hypothesis trips over CPython 3.11's AST recursion check when it runs in threads.
      '--workers',
      '1',
      '--request-timeout',
      '5',
      '--no-color',
    ];
    try {
      // Its crash cache (for `st replay`) lands in the working directory: keep it under .infra/.
      const { stdout, stderr } = await run('bash', args, { cwd: WORK_DIR, timeout: 230_000, maxBuffer: 64 * 1024 * 1024 });
      return { exitCode: 0, output: `${stdout}${stderr}` };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { exitCode: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  }
});

/** The failures and errors sections and the summary, without schemathesis' long tracebacks. */
function readable(output: string): string {
  const start = output.search(/^=+ (FAILURES|ERRORS) =+$/m);
  const body = start >= 0 ? output.slice(start) : output;
  return body
    .split('\n')
    .filter((line) => !/^\s+(\||File "|\^|[+]-)/.test(line))
    .join('\n')
    .slice(0, 20_000);
}

function portsFrom(base: number): Record<App, number> {
  return {
    'case-coordination': base + 1,
    'fund-proposals': base + 2,
    'training-events': base + 3,
    notifications: base + 4,
    directory: base + 5,
  };
}
