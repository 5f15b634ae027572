import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { devTokenCommand } from './dev-token';

describe(devTokenCommand.name, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ctip-dev-token-'));
  const env = { NODE_ENV: 'development' };

  it('prints only a token carrying the requested roles, countries and organisation', async () => {
    const result = await devTokenCommand(
      ['--role', 'focal-point', '--role', 'trainer', '--country', 'al', '--country', 'XK', '--org', 'osce-tirana'],
      env,
      cwd,
    );

    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = decodeJwt(result.stdout.trim());
    expect(claims).toMatchObject({
      sub: 'dev-focal-point',
      roles: ['focal-point', 'trainer'],
      countries: ['AL', 'XK'],
      org: 'osce-tirana',
      iss: 'http://localhost/ctip-dev',
      aud: 'ctip-api',
    });
    expect(decodeProtectedHeader(result.stdout.trim()).alg).toBe('ES256');
  });

  it('takes issuer, audience and key directory from the environment', async () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'ctip-dev-token-keys-'));
    const result = await devTokenCommand(
      ['--role', 'coordinator', '--ttl', '15m'],
      { DEV_KEYS_DIR: keysDir, JWT_ISSUER: 'https://id.test', JWT_AUDIENCE: 'fund-api' },
      cwd,
    );

    const claims = decodeJwt(result.stdout.trim());
    expect(claims).toMatchObject({ iss: 'https://id.test', aud: 'fund-api' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(15 * 60);
  });

  it('rejects an unknown role and lists the valid ones', async () => {
    const result = await devTokenCommand(['--role', 'superhero'], env, cwd);

    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown role superhero');
    expect(result.stderr).toContain('valid roles: coordinator, fund-officer, fund-applicant');
  });

  it('refuses to run in production', async () => {
    const result = await devTokenCommand(['--role', 'coordinator'], { NODE_ENV: 'production' }, cwd);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('NODE_ENV=production');
  });
});
