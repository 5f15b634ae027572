import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceivedRequest } from './http-sink';

/**
 * Whether a received webhook is signed as apps/notifications/README.md ("Verifying webhooks") tells
 * receivers to check: `X-CTIP-Signature: v1=<hex HMAC-SHA256(secret, "${X-CTIP-Timestamp}.${raw body}")>`
 * with the secret named by `X-CTIP-Key-Id`, signed within five minutes. Written from that description on
 * purpose, not imported from the service: a test that verified with the signer's own code would follow
 * it through an unannounced change of the wire format. `signingKeys` is `kid:secret[,kid:secret]`.
 */
export function hasValidWebhookSignature(request: ReceivedRequest, signingKeys: string, now = new Date()): boolean {
  const header = (name: string) => [request.headers[name]].flat()[0];
  const [timestamp, keyId, signature] = [header('x-ctip-timestamp'), header('x-ctip-key-id'), header('x-ctip-signature')];
  const secret = signingKeys
    .split(',')
    .map((pair) => pair.trim().split(/:(.*)/s))
    .find(([kid]) => kid === keyId)?.[1];
  if (!timestamp || !signature || !secret) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
