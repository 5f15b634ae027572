import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { AuthenticationError, KeySetUnavailableError } from './authentication.error';
import { JwtVerifier } from './jwt-verifier';
import { TestIssuer } from './testing/test-issuer';

describe(JwtVerifier.name, () => {
  let issuer: TestIssuer;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    issuer = await TestIssuer.create();
    verifier = new JwtVerifier(issuer.options);
  });

  async function rejection(token: string): Promise<AuthenticationError> {
    const error: unknown = await verifier.verify(token).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    const authError = error as AuthenticationError;
    if (token.length > 0) expect(authError.message).not.toContain(token);
    return authError;
  }

  it('accepts a valid token and maps its claims to a principal', async () => {
    const token = await issuer.sign({ sub: 'fp-al-1', roles: ['focal-point'], countries: ['AL', 'xk'], org: 'osce-tirana', name: 'Ana' });

    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'fp-al-1',
      roles: ['focal-point'],
      countries: ['AL', 'XK'],
      organisationId: 'osce-tirana',
      name: 'Ana',
    });
  });

  it('ignores roles it does not know and treats absent countries as none', async () => {
    const token = await issuer.sign({ sub: 'coord-1', roles: ['coordinator', 'superhero'] });

    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'coord-1', roles: ['coordinator'], countries: [] });
  });

  it('rejects a missing token', async () => {
    expect((await rejection('')).reason).toBe('malformed token');
  });

  it('rejects a token that is not a JWT', async () => {
    expect((await rejection('not.a.jwt')).reason).toBe('malformed token');
  });

  it('rejects an expired token', async () => {
    const token = await issuer.sign({ sub: 'u1', roles: [] }, { expiresIn: Math.floor(Date.now() / 1000) - 120 });
    expect((await rejection(token)).reason).toBe('token expired');
  });

  it('accepts a token that expired within the clock tolerance', async () => {
    const token = await issuer.sign({ sub: 'u1', roles: [] }, { expiresIn: Math.floor(Date.now() / 1000) - 5 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'u1' });
  });

  it('rejects a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await issuer.sign({ sub: 'u1', roles: ['coordinator'] }, { key: privateKey });
    expect((await rejection(token)).reason).toBe('signature invalid');
  });

  it('rejects a token for another audience', async () => {
    const token = await issuer.sign({ sub: 'u1', roles: [] }, { audience: 'other-api' });
    expect((await rejection(token)).reason).toBe('wrong audience');
  });

  it('rejects a token from another issuer', async () => {
    const token = await issuer.sign({ sub: 'u1', roles: [] }, { issuer: 'https://evil.test' });
    expect((await rejection(token)).reason).toBe('wrong issuer');
  });

  it('rejects an HS256 token even when its secret is the public JWKS', async () => {
    const secret = readFileSync(issuer.jwksFile);
    const token = await new SignJWT({ sub: 'u1', roles: ['coordinator'] })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.kid })
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setExpirationTime('5m')
      .sign(secret);
    expect((await rejection(token)).reason).toBe('algorithm not allowed');
  });

  it("rejects an unsigned token with alg 'none'", async () => {
    const token = new UnsecuredJWT({ sub: 'u1', roles: ['coordinator'] })
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setExpirationTime('5m')
      .encode();
    expect((await rejection(token)).reason).toBe('algorithm not allowed');
  });

  it('rejects a token without a subject', async () => {
    const token = await issuer.sign({ roles: ['coordinator'] });
    expect((await rejection(token)).reason).toBe('missing claim "sub"');
  });

  it('rejects a token without an expiry', async () => {
    const token = await issuer.sign({ sub: 'u1', roles: [] }, { expiresIn: null });
    expect((await rejection(token)).reason).toBe('missing claim "exp"');
  });

  it('rejects a token whose countries are not ISO codes', async () => {
    const token = await issuer.sign({ sub: 'u1', roles: ['focal-point'], countries: ['Albania'] });
    expect((await rejection(token)).reason).toBe('invalid claim "countries"');
  });

  it('requires exactly one of a JWKS URL or file', () => {
    const base = { issuer: issuer.issuer, audience: issuer.audience };
    expect(() => new JwtVerifier(base)).toThrow('JWT_JWKS_URL or JWT_JWKS_FILE');
    expect(() => new JwtVerifier({ ...base, jwksFile: issuer.jwksFile, jwksUrl: 'http://localhost/jwks' })).toThrow(
      'JWT_JWKS_URL or JWT_JWKS_FILE',
    );
  });

  it('refuses symmetric and unsigned algorithms in its configuration', () => {
    expect(() => new JwtVerifier({ ...issuer.options, algorithms: ['ES256', 'HS256'] })).toThrow('HS256');
    expect(() => new JwtVerifier({ ...issuer.options, algorithms: ['none'] })).toThrow('none');
  });

  describe('with a remote JWKS', () => {
    let server: Server;
    let jwksUrl: string;

    beforeAll(async () => {
      const jwks = readFileSync(issuer.jwksFile);
      server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches the keys from the URL', async () => {
      const remote = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl });
      const token = await issuer.sign({ sub: 'int-1', roles: ['integrator'] });
      await expect(remote.verify(token)).resolves.toMatchObject({ subject: 'int-1', roles: ['integrator'] });
    });

    it('reports unreachable keys as unavailable rather than as a bad token', async () => {
      const unreachable = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: 'http://127.0.0.1:1/jwks.json' });
      const token = await issuer.sign({ sub: 'int-1', roles: ['integrator'] });
      await expect(unreachable.verify(token)).rejects.toBeInstanceOf(KeySetUnavailableError);
    });
  });
});
