import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken } from './dev-keys';
import { JwtVerifier } from './jwt-verifier';

describe(ensureDevKeys.name, () => {
  const issuer = 'http://localhost/ctip-dev';
  const audience = 'ctip-api';

  it('creates a key pair whose tokens verify against the written JWKS', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ctip-dev-keys-')), 'nested');
    const keys = await ensureDevKeys(dir);
    const token = await mintDevToken({
      ...keys,
      issuer,
      audience,
      subject: 'dev-partner',
      roles: ['partner'],
      organisationId: 'la-strada',
    });

    const principal = await new JwtVerifier({ issuer, audience, jwksFile: keys.jwksFile }).verify(token);

    expect(principal).toEqual({ subject: 'dev-partner', roles: ['partner'], countries: [], organisationId: 'la-strada' });
    const jwks = JSON.parse(readFileSync(keys.jwksFile, 'utf8')) as { keys: Record<string, string>[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: keys.kid, alg: 'ES256', use: 'sig', kty: 'EC' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(statSync(join(dir, 'dev-private.jwk.json')).mode & 0o777).toBe(0o600);
  });

  it('reuses existing keys so earlier tokens stay valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctip-dev-keys-'));
    const first = await ensureDevKeys(dir);
    const second = await ensureDevKeys(dir);

    expect(second.kid).toBe(first.kid);
    expect(second.privateJwk).toEqual(first.privateJwk);
  });

  it('agrees on one key when several services start at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctip-dev-keys-'));
    const results = await Promise.all([ensureDevKeys(dir), ensureDevKeys(dir), ensureDevKeys(dir)]);

    expect(new Set(results.map((keys) => keys.kid)).size).toBe(1);
  });
});
