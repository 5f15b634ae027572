import { spawnSync } from 'node:child_process';
import { INFRA_SCRIPT } from './infrastructure';

const infra = (...args: string[]) => spawnSync('bash', [INFRA_SCRIPT, ...args], { encoding: 'utf8', timeout: 60_000 });
const offset = Number(process.env.INFRA_PORT_OFFSET ?? 0);

describe('scripts/infra', () => {
  it('reports Mailpit beside the three servers the tests use, with its SMTP and web UI addresses shifted by the port offset', () => {
    const status = infra('status');
    const rows = status.stdout.trim().split('\n').slice(1);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['kafka', 'ferretdb', 'redis', 'mailpit']);
    expect(rows[3]).toContain(`smtp 127.0.0.1:${1025 + offset}, web UI http://127.0.0.1:${8025 + offset}/`);
    const mailpitState = rows[3].split(/\s+/)[1];
    expect(['running', 'starting', 'stopped', 'foreign']).toContain(mailpitState);
    // The exit status covers only the servers named: all four by default.
    expect(infra('status', 'mailpit').status).toBe(mailpitState === 'running' ? 0 : 1);
  });

  it('exports the SMTP settings and the mail UI address with the connection variables', () => {
    const env = infra('env', '--plain').stdout;
    expect(env).toContain(`SMTP_HOST=127.0.0.1\nSMTP_PORT=${1025 + offset}\nMAIL_UI_URL=http://127.0.0.1:${8025 + offset}/\n`);
    expect(env).toContain(`REDIS_URL=redis://127.0.0.1:${16379 + offset}`);
  });

  it('refuses an unknown server name, naming the ones it knows', () => {
    for (const command of ['status', 'up', 'stop', 'start']) {
      const result = infra(command, 'postgres');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain("unknown server 'postgres' (expected: kafka, ferretdb, redis, mailpit)");
    }
  });
});
