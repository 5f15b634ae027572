import { randomBytes } from 'node:crypto';

/** Fresh lowercase identifiers isolate tests from each other instead of wiping shared state. */
export function uniqueSuffix(length = 8): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}
