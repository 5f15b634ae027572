import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of signed webhooks; receivers depend on them, so changing one is a migration. */
export const WEBHOOK_HEADERS = {
  timestamp: 'x-ctip-timestamp',
  keyId: 'x-ctip-key-id',
  signature: 'x-ctip-signature',
  idempotencyKey: 'idempotency-key',
} as const;

/** Receivers reject requests signed longer ago (or further ahead) than this: a captured request cannot be replayed later. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface SigningKey {
  keyId: string;
  secret: string;
}

/** `kid:secret[,kid:secret]`: the first key signs; the others are still accepted by receivers during a rotation. */
export function parseSigningKeys(value: string): SigningKey[] {
  const keys = value
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf(':');
      if (at <= 0 || at === pair.length - 1) throw new Error('signing keys must be kid:secret[,kid:secret]');
      return { keyId: pair.slice(0, at), secret: pair.slice(at + 1) };
    });
  if (keys.length === 0) throw new Error('at least one signing key is needed');
  return keys;
}

function hmacHex(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The headers that sign `body` (the exact bytes sent) at `now`. */
export function signWebhook(body: string, key: SigningKey, now: Date = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    [WEBHOOK_HEADERS.timestamp]: timestamp,
    [WEBHOOK_HEADERS.keyId]: key.keyId,
    [WEBHOOK_HEADERS.signature]: `v1=${hmacHex(key.secret, timestamp, body)}`,
  };
}

export type WebhookVerification =
  | { ok: true; keyId: string; timestamp: number }
  | { ok: false; reason: 'missing-headers' | 'unknown-key' | 'stale-timestamp' | 'bad-signature' };

type HeaderBag = Record<string, string | string[] | undefined> | Headers;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const entry = Object.entries(bag).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * What a receiver does with a request, before parsing the body: recompute the HMAC over
 * `${X-CTIP-Timestamp}.${raw body}` with the key named by X-CTIP-Key-Id, compare in constant time, and
 * refuse timestamps outside ±5 minutes (replay protection; deduplicate by Idempotency-Key within it).
 */
export function verifyWebhookSignature(input: {
  body: string | Buffer;
  headers: HeaderBag;
  keys: SigningKey[] | string;
  now?: Date;
  toleranceSeconds?: number;
}): WebhookVerification {
  const keys = typeof input.keys === 'string' ? parseSigningKeys(input.keys) : input.keys;
  const timestamp = header(input.headers, WEBHOOK_HEADERS.timestamp);
  const keyId = header(input.headers, WEBHOOK_HEADERS.keyId);
  const signature = header(input.headers, WEBHOOK_HEADERS.signature);
  if (!timestamp || !keyId || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing-headers' };
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const ageSeconds = Math.abs((input.now ?? new Date()).getTime() / 1000 - Number(timestamp));
  if (ageSeconds > (input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS)) return { ok: false, reason: 'stale-timestamp' };
  const body = Buffer.isBuffer(input.body) ? input.body.toString('utf8') : input.body;
  const expected = Buffer.from(`v1=${hmacHex(key.secret, timestamp, body)}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true, keyId, timestamp: Number(timestamp) };
}
