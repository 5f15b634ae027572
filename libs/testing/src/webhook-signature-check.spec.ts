import { createHmac } from 'node:crypto';
import type { ReceivedRequest } from './http-sink';
import { hasValidWebhookSignature } from './webhook-signature-check';

describe(hasValidWebhookSignature.name, () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const timestamp = String(now.getTime() / 1000);
  const body = '{"notificationId":"n-1"}';
  const signed = (secret: string, keyId = 'k2', at = timestamp): ReceivedRequest => ({
    path: '/hooks/p-1',
    body,
    receivedAt: now.getTime(),
    headers: {
      'x-ctip-timestamp': at,
      'x-ctip-key-id': keyId,
      'x-ctip-signature': `v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`,
    },
  });
  const keys = 'k2:new-secret,k1:old:secret';

  it('accepts a request signed with any of the keys, a colon in the secret included', () => {
    expect(hasValidWebhookSignature(signed('new-secret'), keys, now)).toBe(true);
    expect(hasValidWebhookSignature(signed('old:secret', 'k1'), keys, now)).toBe(true);
  });

  it('refuses a wrong secret, an unknown key, a changed body and a stale timestamp', () => {
    expect(hasValidWebhookSignature(signed('other-secret'), keys, now)).toBe(false);
    expect(hasValidWebhookSignature(signed('new-secret', 'k9'), keys, now)).toBe(false);
    expect(hasValidWebhookSignature({ ...signed('new-secret'), body: body.replace('n-1', 'n-2') }, keys, now)).toBe(false);
    expect(hasValidWebhookSignature(signed('new-secret', 'k2', String(Number(timestamp) - 301)), keys, now)).toBe(false);
  });
});
