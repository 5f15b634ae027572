import { randomBytes } from 'node:crypto';
import { TOPICS } from '@ctip/contracts';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { INTERNAL_TARGET_REASON } from '../src/channels/webhook-target-guard';
import { alertRaised, caseRef, NotificationsHarness, person } from './notifications-harness';

/**
 * The service as deployed (NODE_ENV=production): loopback webhook targets, which the other tests' local
 * receivers use, are refused too when the read model is built. No webhook is ever sent here.
 */
describe('notifications in production: webhook targets on loopback', () => {
  const h = new NotificationsHarness({
    env: { NODE_ENV: 'production', CONTACT_SEAL_KEYS: `prod-test:${randomBytes(32).toString('base64url')}` },
  });
  const run = uniqueSuffix(6);

  beforeAll(async () => {
    await h.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('refuses loopback webhook targets when the read model is built, logs them without the address, and sends nothing there', async () => {
    const who = `p-prod-${run}`;
    const address = `prod-${run}@mission.example.org`;
    const loopback = [
      h.webhooks.url(`/hook/${who}`),
      `http://localhost:${h.webhooks.port}/hook/${who}`,
      `http://[::1]:${h.webhooks.port}/hook/${who}`,
    ];
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(who, {
        contactPoints: [
          ...loopback.map((url, priority) => ({ channel: 'webhook' as const, address: url, priority })),
          { channel: 'email', address, priority: loopback.length },
        ],
      }),
    );
    const recipient = await expectEventually(async () => {
      const found = await h
        .collection<{ _id: string; contactPoints: { contactPointId: string; channel: string }[] }>('recipients')
        .findOne({ _id: who });
      expect(found).not.toBeNull();
      return found!;
    });
    expect(recipient.contactPoints.map((p) => `${p.contactPointId}:${p.channel}`)).toEqual([`${who}-cp${loopback.length}:email`]);
    await expectEventually(() => {
      const rejections = h.service.lines
        .filter((line) => line.includes('"contact point rejected"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.personId === who);
      expect(rejections.map((r) => [r.contactPointId, r.channel, r.reason]).sort()).toEqual(
        loopback.map((_, i) => [`${who}-cp${i}`, 'webhook', INTERNAL_TARGET_REASON]),
      );
    });

    const admin = await h.token('admin-1', ['admin']);
    const chosen = { categories: { 'case-alert': { channels: ['webhook', 'email', 'in-app'] } } };
    expect((await h.api(`/people/${who}/preferences`, { token: admin, method: 'PUT', body: chosen })).status).toBe(200);
    const alert = await h.publish(TOPICS.caseAlertRaised, alertRaised([who], { caseRef: caseRef(), urgency: 'critical' }));
    await expectEventually(async () => {
      const body = await h.listAll<{ channel: string; status: string }>(`/deliveries?sourceEventId=${alert.id}`, admin);
      expect(body.map((d) => `${d.channel}:${d.status}`).sort()).toEqual(['email:sent', 'in-app:sent']);
    });
    expect(h.smtp.to(address)).toHaveLength(1);
    expect(h.webhooks.received).toHaveLength(0);
    const output = h.service.output();
    for (const secret of [...loopback, address]) expect(output).not.toContain(secret);
  });
});
