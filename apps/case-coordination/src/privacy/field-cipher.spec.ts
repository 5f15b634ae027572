import { randomBytes } from 'node:crypto';
import { FieldCipher, UnknownKeyError } from './field-cipher';

const key = (kid: string) => ({ kid, key: randomBytes(32) });

describe(FieldCipher.name, () => {
  it('round-trips a value and never stores it in clear', () => {
    const cipher = new FieldCipher([key('k1')]);
    const stored = cipher.encrypt('fullName', 'Canary Person');
    expect(JSON.stringify(stored)).not.toContain('Canary');
    expect(stored.kid).toBe('k1');
    expect(cipher.decrypt('fullName', stored)).toBe('Canary Person');
  });

  it('uses a fresh nonce for every value', () => {
    const cipher = new FieldCipher([key('k1')]);
    expect(cipher.encrypt('fullName', 'same').iv).not.toBe(cipher.encrypt('fullName', 'same').iv);
  });

  it('refuses a ciphertext moved to another field or tampered with', () => {
    const cipher = new FieldCipher([key('k1')]);
    const stored = cipher.encrypt('fullName', 'Canary Person');
    expect(() => cipher.decrypt('phone', stored)).toThrow();
    const tampered = { ...stored, ct: Buffer.from('x' + Buffer.from(stored.ct, 'base64').toString('latin1')).toString('base64') };
    expect(() => cipher.decrypt('fullName', tampered)).toThrow();
  });

  it('reads values written with an older key after rotation, and writes with the new one', () => {
    const old = key('2026-01');
    const written = new FieldCipher([old]).encrypt('dateOfBirth', '2001-02-03');
    const rotated = new FieldCipher([key('2026-11'), old]);
    expect(rotated.decrypt('dateOfBirth', written)).toBe('2001-02-03');
    expect(rotated.encrypt('dateOfBirth', 'x').kid).toBe('2026-11');
  });

  it('says which key is missing', () => {
    const written = new FieldCipher([key('gone')]).encrypt('fullName', 'x');
    expect(() => new FieldCipher([key('k1')]).decrypt('fullName', written)).toThrow(UnknownKeyError);
  });

  it('parses keys from configuration and rejects keys of the wrong size', () => {
    const setting = `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`;
    expect(FieldCipher.parse(setting).encrypt('f', 'v').kid).toBe('k2');
    expect(() => FieldCipher.parse(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => FieldCipher.parse('nokey')).toThrow(/kid:base64key/);
  });
});
