import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * A fresh verification code such as `7KQM-3XPV-9TRA-2HWE`: 16 random symbols (80 bits from the system's
 * CSPRNG), so codes cannot be guessed or enumerated; it says nothing about the person or the event.
 */
export function newVerificationCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  const symbols = [...bytes].map((byte) => ALPHABET[byte % 32]);
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g += 1) groups.push(symbols.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH).join(''));
  return groups.join('-');
}

/** The stored form of a code as someone typed it: upper case, dashes and spaces ignored, O read as 0, I and L as 1. */
export function normaliseVerificationCode(typed: string): string | null {
  const symbols = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (symbols.length !== GROUPS * GROUP_LENGTH || [...symbols].some((s) => !ALPHABET.includes(s))) return null;
  return symbols.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}
