import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError, KeySetUnavailableError } from './authentication.error';
import { principalFromClaims, type Principal } from './principal';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  jwksFile?: string;
  /** Pinned so a token cannot choose its own algorithm; symmetric and 'none' are refused. */
  algorithms?: string[];
  clockToleranceSec?: number;
}

const DEFAULT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

const REASONS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'token expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'signature invalid',
  ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm not allowed',
  ERR_JOSE_NOT_SUPPORTED: 'unsupported token',
  ERR_JWKS_NO_MATCHING_KEY: 'unknown signing key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'ambiguous signing key',
  ERR_JWS_INVALID: 'malformed token',
  ERR_JWT_INVALID: 'malformed token',
};
const CLAIM_REASONS: Record<string, string> = { aud: 'wrong audience', iss: 'wrong issuer', nbf: 'token not yet valid' };
const KEY_SET_FAILURES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

/** Verifies bearer tokens against a JWKS (URL in deployments, file in development) and maps them to a Principal. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly remote: boolean;

  constructor(private readonly options: JwtVerifierOptions) {
    if (Boolean(options.jwksUrl) === Boolean(options.jwksFile)) {
      throw new Error('Token verification needs exactly one of JWT_JWKS_URL or JWT_JWKS_FILE');
    }
    this.algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
    const unsafe = this.algorithms.filter((alg) => alg.toLowerCase() === 'none' || /^HS/i.test(alg));
    if (unsafe.length > 0) throw new Error(`Refusing JWT algorithms ${unsafe.join(', ')}: only asymmetric algorithms are allowed`);
    this.remote = Boolean(options.jwksUrl);
    this.keys = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : createLocalJWKSet(readJwksFile(options.jwksFile ?? ''));
  }

  async verify(token: string): Promise<Principal> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        clockTolerance: this.options.clockToleranceSec ?? 30,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw this.translate(error);
    }
    const principal = principalFromClaims(payload);
    if ('invalidClaim' in principal) throw new AuthenticationError(`invalid claim "${principal.invalidClaim}"`);
    return principal;
  }

  // jose messages are not shown to callers: only our fixed reasons are, so no token content can leak.
  private translate(error: unknown): Error {
    if (!(error instanceof errors.JOSEError)) {
      return this.remote ? new KeySetUnavailableError(messageOf(error)) : new AuthenticationError('token rejected');
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      return new AuthenticationError(
        CLAIM_REASONS[error.claim] ?? `${error.reason === 'missing' ? 'missing' : 'invalid'} claim "${error.claim}"`,
      );
    }
    if (KEY_SET_FAILURES.has(error.code)) return new KeySetUnavailableError(error.code);
    return new AuthenticationError(REASONS[error.code] ?? 'token rejected');
  }
}

function readJwksFile(path: string): JSONWebKeySet {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JSONWebKeySet;
  } catch (error) {
    throw new Error(`Cannot read the JWKS in JWT_JWKS_FILE (${path}): ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
