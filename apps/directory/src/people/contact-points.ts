import type { CONTACT_CHANNELS, ContactPoint } from '@ctip/contracts';
import { z } from 'zod';

export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactPointInput = Omit<ContactPoint, 'verified'>;

/** E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;
const emailSchema = z.email();
/** Plain http only to a receiver on the same machine (development, tests). */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/** Why an address cannot be used on its channel, or undefined. The reason never repeats the address. */
export function contactAddressProblem(channel: ContactChannel, address: string): string | undefined {
  switch (channel) {
    case 'email':
      return emailSchema.safeParse(address).success ? undefined : 'must be an email address such as name@example.org';
    case 'sms':
      return E164.test(address) ? undefined : 'must be an E.164 phone number: + and 7 to 15 digits, no spaces';
    case 'webhook':
      return webhookProblem(address);
  }
}

function webhookProblem(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'must be an absolute https URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return undefined;
  return 'must be an https URL (plain http only for localhost or 127.0.0.1)';
}

/**
 * Contact points as they will be stored: a point keeps its verification only while its channel and
 * address stay the same; a new or changed address has to be confirmed again.
 */
export function withVerification(previous: ContactPoint[], next: ContactPointInput[]): ContactPoint[] {
  const before = new Map(previous.map((point) => [point.contactPointId, point]));
  return next.map(({ contactPointId, channel, address, priority }) => {
    const old = before.get(contactPointId);
    const verified = old !== undefined && old.verified && old.channel === channel && old.address === address;
    return { contactPointId, channel, address, verified, priority };
  });
}
