import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One encrypted field: which key, the nonce, the authentication tag and the ciphertext (base64). */
export interface EncryptedField {
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export class UnknownKeyError extends Error {
  override name = 'UnknownKeyError';
}

/**
 * AES-256-GCM per field. Each value gets a fresh 96-bit nonce; the field's name is bound as associated
 * data, so a ciphertext cannot be moved to another field. The key id is stored with every field:
 * new writes use the first (current) key, reads find the key that wrote them, so keys can rotate.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKid: string;

  /** `keys` as configured: `kid:base64key[,kid:base64key…]`, the first is current. */
  constructor(keys: { kid: string; key: Buffer }[]) {
    if (keys.length === 0) throw new Error('at least one data key is required');
    for (const { kid, key } of keys) if (key.length !== 32) throw new Error(`data key ${kid} must be 32 bytes (AES-256)`);
    this.keys = new Map(keys.map(({ kid, key }) => [kid, key]));
    this.currentKid = keys[0].kid;
  }

  static parse(setting: string): FieldCipher {
    return new FieldCipher(
      setting
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          const [kid, encoded] = entry.split(':');
          if (!kid || !encoded) throw new Error('each data key must be written kid:base64key');
          return { kid, key: Buffer.from(encoded, 'base64') };
        }),
    );
  }

  encrypt(field: string, plaintext: string): EncryptedField {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKid)!, iv);
    cipher.setAAD(Buffer.from(field, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { kid: this.currentKid, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
  }

  decrypt(field: string, value: EncryptedField): string {
    const key = this.keys.get(value.kid);
    if (!key) throw new UnknownKeyError(`no data key ${value.kid} is configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
    decipher.setAAD(Buffer.from(field, 'utf8'));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(value.ct, 'base64')), decipher.final()]).toString('utf8');
  }

  encryptAll<K extends string>(fields: Partial<Record<K, string>>): Partial<Record<K, EncryptedField>> {
    const out: Partial<Record<K, EncryptedField>> = {};
    for (const [name, value] of Object.entries(fields) as [K, string | undefined][]) {
      if (value !== undefined) out[name] = this.encrypt(name, value);
    }
    return out;
  }

  decryptAll<K extends string>(fields: Partial<Record<K, EncryptedField>>): Partial<Record<K, string>> {
    const out: Partial<Record<K, string>> = {};
    for (const [name, value] of Object.entries(fields) as [K, EncryptedField | undefined][]) {
      if (value) out[name] = this.decrypt(name, value);
    }
    return out;
  }
}
