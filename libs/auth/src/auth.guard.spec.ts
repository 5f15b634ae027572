import { Controller, Get, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { generateKeyPair } from 'jose';
import { AuthGuard } from './auth.guard';
import { AuthModule } from './auth.module';
import { JwtVerifier } from './jwt-verifier';
import { CurrentPrincipal, Public, Roles } from './decorators';
import type { Principal } from './principal';
import { TestIssuer } from './testing/test-issuer';

@Public()
@Controller('catalogue')
class CatalogueController {
  @Get()
  list(): { items: string[] } {
    return { items: ['handbook'] };
  }
}

@Controller('cases')
class CasesController {
  @Get()
  @Roles('coordinator')
  list(@CurrentPrincipal() principal: Principal): { seenBy: string } {
    return { seenBy: principal.subject };
  }

  @Get('mine')
  mine(@CurrentPrincipal() principal: Principal): { countries: string[] } {
    return { countries: principal.countries };
  }
}

describe(AuthGuard.name, () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    issuer = await TestIssuer.create();
    app = await NestFactory.create(
      { module: class AppModule {}, imports: [AuthModule.forRoot(issuer.options)], controllers: [CatalogueController, CasesController] },
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  function get(path: string, token?: string): Promise<Response> {
    return fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  }

  async function expectUnauthorized(response: Response, message: string): Promise<void> {
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401, message });
  }

  it('serves a public route without a token', async () => {
    const response = await get('/catalogue');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: ['handbook'] });
  });

  it('rejects a request without a bearer token', async () => {
    const response = await get('/cases');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    await expectUnauthorized(response, 'missing bearer token');
  });

  it('rejects a request with another authorization scheme', async () => {
    const response = await fetch(`${baseUrl}/cases`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    await expectUnauthorized(response, 'missing bearer token');
  });

  it('rejects an expired token and says why in WWW-Authenticate', async () => {
    const token = await issuer.sign({ sub: 'coord-1', roles: ['coordinator'] }, { expiresIn: Math.floor(Date.now() / 1000) - 120 });
    const response = await get('/cases', token);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="token expired"');
    await expectUnauthorized(response, 'token expired');
  });

  it('rejects a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await issuer.sign({ sub: 'coord-1', roles: ['coordinator'] }, { key: privateKey });
    await expectUnauthorized(await get('/cases', token), 'signature invalid');
  });

  it('rejects a token for another audience', async () => {
    const token = await issuer.sign({ sub: 'coord-1', roles: ['coordinator'] }, { audience: 'fund-api' });
    await expectUnauthorized(await get('/cases', token), 'wrong audience');
  });

  it('forbids a valid token without a required role', async () => {
    const token = await issuer.sign({ sub: 'fo-1', roles: ['fund-officer'] });
    const response = await get('/cases', token);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ message: 'requires one of the roles: coordinator' });
  });

  it('serves a valid token with a required role and passes on the principal', async () => {
    const token = await issuer.sign({ sub: 'coord-1', roles: ['fund-officer', 'coordinator'] });
    const response = await get('/cases', token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ seenBy: 'coord-1' });
  });

  it('serves any authenticated caller on a route without roles', async () => {
    const token = await issuer.sign({ sub: 'fp-md-1', roles: ['focal-point'], countries: ['MD'] });
    const response = await get('/cases/mine', token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ countries: ['MD'] });
  });

  it('answers 503 when the signing keys cannot be fetched', async () => {
    const unreachable = await NestFactory.create(
      {
        module: class UnreachableKeysModule {},
        imports: [AuthModule.forRoot({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: 'http://127.0.0.1:1/jwks.json' })],
        controllers: [CasesController],
      },
      { logger: false },
    );
    await unreachable.listen(0, '127.0.0.1');
    try {
      const port = (unreachable.getHttpServer().address() as AddressInfo).port;
      const token = await issuer.sign({ sub: 'coord-1', roles: ['coordinator'] });
      const response = await fetch(`http://127.0.0.1:${port}/cases`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(503);
    } finally {
      await unreachable.close();
    }
  });

  it('lets non-HTTP contexts through to their own transport', async () => {
    const guard = new AuthGuard(new Reflector(), new JwtVerifier(issuer.options));
    const rpc = { getType: () => 'rpc' } as unknown as ExecutionContext;
    await expect(guard.canActivate(rpc)).resolves.toBe(true);
  });
});
