import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export interface SignOverrides {
  issuer?: string;
  audience?: string;
  /** null leaves out the exp claim. */
  expiresIn?: string | number | null;
  key?: CryptoKey;
}

/** Test-only token issuer: an ES256 key published in a JWKS file in a fresh temp dir. */
export class TestIssuer {
  readonly issuer = 'https://issuer.ctip.test';
  readonly audience = 'ctip-api';
  readonly kid = 'test-key-1';

  private constructor(
    readonly jwksFile: string,
    private readonly privateKey: CryptoKey,
  ) {}

  static async create(): Promise<TestIssuer> {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const dir = mkdtempSync(join(tmpdir(), 'ctip-auth-'));
    const jwksFile = join(dir, 'jwks.json');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'ES256', use: 'sig' };
    writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
    return new TestIssuer(jwksFile, privateKey);
  }

  get options(): { issuer: string; audience: string; jwksFile: string } {
    return { issuer: this.issuer, audience: this.audience, jwksFile: this.jwksFile };
  }

  async sign(claims: JWTPayload, overrides: SignOverrides = {}): Promise<string> {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .setIssuer(overrides.issuer ?? this.issuer)
      .setAudience(overrides.audience ?? this.audience)
      .setIssuedAt();
    if (overrides.expiresIn !== null) jwt.setExpirationTime(overrides.expiresIn ?? '5m');
    return jwt.sign(overrides.key ?? this.privateKey);
  }
}
