import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** A public development key: refused when NODE_ENV=production, where CONTACT_SEAL_KEYS is required. */
export const DEV_CONTACT_SEAL_KEYS = 'dev:ZGV2ZWxvcG1lbnQtb25seS1jb250YWN0LXNlYWwta2U';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * `CONTACT_SEAL_KEYS`: comma-separated `keyId:base64url-key` pairs of 32-byte AES keys. The first seals;
 * all of them open, so a key is rotated by putting the new one first and dropping the old one once
 * nothing sealed with it is still read.
 */
export const contactSealKeysSchema = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine((pair) => /^[A-Za-z0-9._-]{1,100}:[A-Za-z0-9_-]+$/.test(pair) && keyBytes(pair).length === 32, {
          message: 'must be keyId:base64url of a 32-byte key',
        }),
      )
      .min(1, 'must list at least one key'),
  );

function keyBytes(pair: string): Buffer {
  return Buffer.from(pair.slice(pair.indexOf(':') + 1), 'base64url');
}

/** The sealed value and the key that sealed it. */
export interface Sealed {
  sealed: string;
  keyId: string;
}

/**
 * Seals personal contact details (AES-256-GCM) for the one service that must read them, bound to the
 * recipient they belong to: a sealed value moved to another recipient id does not open.
 */
export class ContactSeal {
  private readonly keys: Map<string, Buffer>;
  private readonly current: string;

  constructor(pairs: readonly string[]) {
    if (pairs.length === 0) throw new Error('ContactSeal needs at least one key');
    this.keys = new Map(pairs.map((pair) => [pair.slice(0, pair.indexOf(':')), keyBytes(pair)]));
    this.current = pairs[0].slice(0, pairs[0].indexOf(':'));
  }

  seal(recipientId: string, value: unknown): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.current), iv);
    cipher.setAAD(Buffer.from(recipientId));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return { sealed: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url'), keyId: this.current };
  }

  /** Throws if the key is unknown, or the value was altered or sealed for another recipient. */
  open(recipientId: string, { sealed, keyId }: Sealed): unknown {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) throw new Error('sealed value is too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(recipientId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`unknown contact seal key ${keyId}`);
    return key;
  }
}
