import { parseSigningKeys, signWebhook, verifyWebhookSignature } from './webhook-signature';

describe(verifyWebhookSignature.name, () => {
  const keys = parseSigningKeys('k2:new-secret-0123456789,k1:old-secret-0123456789');
  const body = JSON.stringify({ notificationId: 'n-1', subject: 'Case RR-2026-000001' });
  const now = new Date('2026-03-01T10:00:00Z');

  it('accepts a request signed with the current key', () => {
    const headers = signWebhook(body, keys[0], now);
    expect(headers['x-ctip-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ body, headers, keys, now })).toEqual({ ok: true, keyId: 'k2', timestamp: now.getTime() / 1000 });
  });

  it('accepts the previous key during a rotation, and reads headers case-insensitively', () => {
    const headers = Object.fromEntries(Object.entries(signWebhook(body, keys[1], now)).map(([k, v]) => [k.toUpperCase(), v]));
    expect(
      verifyWebhookSignature({ body: Buffer.from(body), headers, keys: 'k2:new-secret-0123456789,k1:old-secret-0123456789', now }).ok,
    ).toBe(true);
  });

  it('rejects a timestamp older than five minutes (a replay), or too far ahead', () => {
    const headers = signWebhook(body, keys[0], now);
    expect(verifyWebhookSignature({ body, headers, keys, now: new Date(now.getTime() + 299_000) }).ok).toBe(true);
    expect(verifyWebhookSignature({ body, headers, keys, now: new Date(now.getTime() + 301_000) })).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(verifyWebhookSignature({ body, headers, keys, now: new Date(now.getTime() - 301_000) })).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
  });

  it('rejects a changed body, a changed timestamp, an unknown key and missing headers', () => {
    const headers = signWebhook(body, keys[0], now);
    expect(verifyWebhookSignature({ body: body.replace('n-1', 'n-2'), headers, keys, now })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const shifted = { ...headers, 'x-ctip-timestamp': String(Number(headers['x-ctip-timestamp']) + 1) };
    expect(verifyWebhookSignature({ body, headers: shifted, keys, now })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhookSignature({ body, headers: { ...headers, 'x-ctip-key-id': 'k9' }, keys, now })).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
    expect(verifyWebhookSignature({ body, headers: {}, keys, now })).toEqual({ ok: false, reason: 'missing-headers' });
  });

  it('parses key lists and refuses malformed ones', () => {
    expect(parseSigningKeys('a:0123456789abcdef')).toEqual([{ keyId: 'a', secret: '0123456789abcdef' }]);
    expect(() => parseSigningKeys('no-secret')).toThrow('kid:secret');
  });
});
