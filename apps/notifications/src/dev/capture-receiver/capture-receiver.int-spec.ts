import { loadConfig } from '@ctip/config';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmsGatewayChannel } from '../../channels/sms-gateway.channel';
import { WebhookChannel } from '../../channels/webhook.channel';
import { parseSigningKeys, signWebhook } from '../../channels/webhook-signature';
import { configSchema, DEV_WEBHOOK_SIGNING_KEYS, type NotificationsConfig } from '../../config';
import type { OutboundMessage } from '../../channels/notification-channel';
import { CaptureReceiver, type CapturedCall } from './capture-receiver';

const message: OutboundMessage = {
  notificationId: 'ntf-capture-1',
  recipientPersonId: 'fp-al-primary',
  category: 'case-alert',
  urgency: 'critical',
  language: 'en',
  sourceEventId: 'evt-1',
  sourceType: 'case.alert.raised.v1',
  aggregateKey: 'case-1',
  subject: 'Urgent case RR-2026-000001',
  body: 'A critical case needs your acknowledgement.',
  short: 'CTIP: critical case RR-2026-000001, acknowledge',
  link: 'http://localhost:3000/cases/RR-2026-000001',
  data: { caseRef: 'RR-2026-000001' },
};

describe(CaptureReceiver.name, () => {
  let dir: string;
  let logFile: string;
  let receiver: CaptureReceiver;
  let config: NotificationsConfig;

  const logged = (): CapturedCall[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CapturedCall);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capture-receiver-'));
    logFile = join(dir, 'captures.log');
    receiver = await new CaptureReceiver({ port: 0, logFile, signingKeys: parseSigningKeys(DEV_WEBHOOK_SIGNING_KEYS) }).start();
    config = loadConfig(configSchema, {
      KAFKA_BROKERS: '127.0.0.1:9092',
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_ISSUER: 'https://issuer.example',
      JWT_AUDIENCE: 'ctip-api',
      SMS_GATEWAY_URL: `${receiver.url}/sms`,
      SMS_GATEWAY_AUTH_HEADER: 'Authorization: Bearer gateway-secret',
    });
  });

  afterAll(async () => {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("accepts the notifications service's SMS and webhook calls and writes each to the log file and the page", async () => {
    await new SmsGatewayChannel(config).send(message, { contactPointId: 'sms', channel: 'sms', address: '+9990010001' });
    const hook = `${receiver.url}/webhooks/odihr-atu/coordinator-1`;
    await new WebhookChannel(config).send(message, { contactPointId: 'webhook', channel: 'webhook', address: hook });

    const [sms, webhook] = logged();
    expect(sms).toMatchObject({
      kind: 'sms',
      method: 'POST',
      path: '/sms',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'ntf-capture-1', authorization: 'Bearer …' },
      body: { to: '+9990010001', text: message.short },
      answer: { status: 200, body: { id: 'sms-000001', status: 'queued' } },
    });
    expect(JSON.stringify(sms)).not.toContain('gateway-secret');
    expect(webhook).toMatchObject({
      kind: 'webhook',
      path: '/webhooks/odihr-atu/coordinator-1',
      headers: { 'idempotency-key': 'ntf-capture-1', 'x-ctip-key-id': 'dev', 'user-agent': 'ctip-notifications/1' },
      body: { schema: 'ctip.notification.v1', subject: message.subject },
      answer: { status: 200, body: { received: true, keyId: 'dev' } },
    });
    expect(webhook.headers['x-ctip-signature']).toMatch(/^v1=[0-9a-f]{64}$/);

    const page = await (await fetch(receiver.url)).text();
    expect(page).toContain('POST /webhooks/odihr-atu/coordinator-1');
    expect(page).toContain('+9990010001');
    expect(page).toContain(logFile);
    const listed = (await (await fetch(`${receiver.url}/calls.json`)).json()) as CapturedCall[];
    expect(listed.map((call) => call.path)).toEqual(['/webhooks/odihr-atu/coordinator-1', '/sms']);
  });

  it('refuses a webhook whose signature does not verify, and answers a repeated Idempotency-Key as a duplicate', async () => {
    const body = JSON.stringify({ schema: 'ctip.notification.v1', subject: '<script>alert(1)</script>' });
    const post = (headers: Record<string, string>) =>
      fetch(`${receiver.url}/webhooks/partner`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    const forged = await post(signWebhook(body, { keyId: 'dev', secret: 'not-the-development-secret' }));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'signature refused: bad-signature' });

    const signed = { ...signWebhook(body, parseSigningKeys(DEV_WEBHOOK_SIGNING_KEYS)[0]), 'idempotency-key': 'ntf-repeat' };
    expect(await (await post(signed)).json()).toEqual({ received: true, keyId: 'dev' });
    expect(await (await post(signed)).json()).toEqual({ received: true, keyId: 'dev', duplicate: true });

    const partner = logged().filter((call) => call.path === '/webhooks/partner');
    expect(partner.map((call) => call.answer.status)).toEqual([401, 200, 200]);
    const page = await (await fetch(receiver.url)).text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;');
  });

  it('answers a call it does not serve with 404 or 405, naming what it takes, and logs nothing for it', async () => {
    const before = logged().length;
    const unknown = await fetch(`${receiver.url}/elsewhere`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('POST /sms');
    const get = await fetch(`${receiver.url}/sms`);
    expect(get.status).toBe(405);
    expect(logged()).toHaveLength(before);
  });
});
