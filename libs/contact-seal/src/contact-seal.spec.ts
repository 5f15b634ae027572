import { randomBytes } from 'node:crypto';
import { ContactSeal, contactSealKeysSchema, DEV_CONTACT_SEAL_KEYS } from './contact-seal';

const details = { displayName: 'Гульнара Атаева', email: 'g.ataeva@example.org', phone: '+99312345678' };

describe('ContactSeal', () => {
  const seal = new ContactSeal(contactSealKeysSchema.parse(DEV_CONTACT_SEAL_KEYS));

  it('opens what it sealed, and the sealed text shows none of it', () => {
    const sealed = seal.seal('ext-1', details);
    expect(sealed.keyId).toBe('dev');
    expect(sealed.sealed).not.toMatch(/ataeva|example|9931/i);
    expect(seal.open('ext-1', sealed)).toEqual(details);
  });

  it('refuses a value sealed for another recipient, altered, or under an unknown key', () => {
    const sealed = seal.seal('ext-1', details);
    expect(() => seal.open('ext-2', sealed)).toThrow();
    const bytes = Buffer.from(sealed.sealed, 'base64url');
    bytes[14] ^= 1;
    expect(() => seal.open('ext-1', { ...sealed, sealed: bytes.toString('base64url') })).toThrow();
    expect(() => seal.open('ext-1', { ...sealed, keyId: 'old' })).toThrow(/unknown contact seal key old/);
  });

  it('seals with the first key and still opens with the others (rotation)', () => {
    const next = `k2:${randomBytes(32).toString('base64url')}`;
    const old = seal.seal('ext-1', details);
    const rotated = new ContactSeal(contactSealKeysSchema.parse(`${next},${DEV_CONTACT_SEAL_KEYS}`));
    expect(rotated.seal('ext-1', details).keyId).toBe('k2');
    expect(rotated.open('ext-1', old)).toEqual(details);
  });

  it('names a key that is not 32 bytes', () => {
    const parsed = contactSealKeysSchema.safeParse('dev:c2hvcnQ');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe('must be keyId:base64url of a 32-byte key');
  });
});
