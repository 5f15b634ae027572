import { randomUUID } from 'node:crypto';
import { mkdir, readFile, link, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Role } from './principal';

const ALG = 'ES256';
export const DEV_PRIVATE_KEY_FILE = 'dev-private.jwk.json';
export const DEV_JWKS_FILE = 'dev-jwks.json';

export interface DevKeys {
  jwksFile: string;
  privateJwk: JWK;
  kid: string;
}

/**
 * Creates the development signing key once and reuses it afterwards, so tokens minted earlier stay valid.
 * Safe when several services start at once: the private key is published with link(), which never overwrites.
 */
export async function ensureDevKeys(dir: string): Promise<DevKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, DEV_PRIVATE_KEY_FILE);
  const privateJwk = (await readJwk(privatePath)) ?? (await createPrivateJwk(privatePath));
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(privateJwk));
  const { d: _secret, ...publicJwk } = privateJwk;
  const jwksFile = join(dir, DEV_JWKS_FILE);
  await writeAtomically(jwksFile, JSON.stringify({ keys: [{ ...publicJwk, kid, alg: ALG, use: 'sig' }] }, null, 2), 0o644);
  return { jwksFile, privateJwk, kid };
}

async function createPrivateJwk(privatePath: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const candidate: JWK = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ALG, use: 'sig' };
  const temp = `${privatePath}.${randomUUID()}.tmp`;
  await writeFile(temp, JSON.stringify(candidate, null, 2), { mode: 0o600 });
  try {
    await link(temp, privatePath);
    return candidate;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readJwk(privatePath);
    if (!winner) throw error;
    return winner;
  } finally {
    await unlink(temp);
  }
}

async function readJwk(path: string): Promise<JWK | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, content, { mode });
  await rename(temp, path);
}

export interface DevTokenRequest {
  privateJwk: JWK;
  kid: string;
  issuer: string;
  audience: string;
  subject: string;
  roles: Role[];
  countries?: string[];
  organisationId?: string;
  name?: string;
  /** A jose time span such as '8h' or '15m'. */
  expiresIn?: string;
}

export async function mintDevToken(request: DevTokenRequest): Promise<string> {
  const key = await importJWK(request.privateJwk, ALG);
  return new SignJWT({ roles: request.roles, countries: request.countries ?? [], org: request.organisationId, name: request.name })
    .setProtectedHeader({ alg: ALG, kid: request.kid, typ: 'JWT' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(key);
}
