import { TOPICS, type Payload } from '@ctip/contracts';
import { jobId } from '@ctip/scheduling';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { alertRaised, caseRef, NotificationsHarness, person } from './notifications-harness';

interface DeliveryDoc {
  _id: string;
  channel: string;
  status: string;
  dueAt: string;
  jobId: string;
  digestDay?: string;
  digestId?: string;
}

const TIME_ZONE = 'Asia/Tokyo';
const localHour = (at: Date) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(at));
// The digest hour three hours from now in the person's zone: the digest is due in 2–3 hours, and the
// test promotes its job instead of waiting.
const DIGEST_HOUR = (localHour(new Date()) + 3) % 24;

function referral(referredBy: string, ref: string, urgency: 'normal' | 'critical'): Payload<typeof TOPICS.caseReferralMade> {
  return {
    referralId: `ref-${uniqueSuffix(6)}`,
    caseId: `case-${uniqueSuffix(8)}`,
    caseRef: ref,
    organisationId: 'org-shelter',
    service: 'shelter',
    urgency,
    referredBy,
    at: new Date().toISOString(),
  };
}

/**
 * The daily digest, end to end, on a test-only digestible kind (test/fixtures/test-digest.notification.ts)
 * run by the compiled service with a real SMTP server.
 */
describe('notifications daily digest', () => {
  const h = new NotificationsHarness({
    main: 'apps/notifications/test/fixtures/test-digest.main.js',
    env: { DIGEST_HOUR_LOCAL: String(DIGEST_HOUR) },
  });
  const run = uniqueSuffix(6);
  const who = `p-digest-${run}`;
  const address = `digest-${run}@mission.example.org`;

  beforeAll(async () => {
    await h.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  const deliveries = async (sourceEventId: string): Promise<DeliveryDoc[]> => {
    const { status, body } = await h.api(`/deliveries?sourceEventId=${sourceEventId}`, { token: await h.token('admin-1', ['admin']) });
    expect(status).toBe(200);
    return body as DeliveryDoc[];
  };

  it('holds non-critical notices for one digest per person, channel and day, and sends critical ones at once', async () => {
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(who, { timeZone: TIME_ZONE, contactPoints: [{ channel: 'email', address, priority: 0 }] }),
    );
    await expectEventually(async () => expect(await h.collection('recipients').countDocuments({ _id: who } as never)).toBe(1));
    const token = await h.token(who);
    expect((await h.api('/me/preferences', { token, method: 'PUT', body: { defaults: { digest: true } } })).status).toBe(200);

    const [first, second, urgent] = [caseRef(), caseRef(), caseRef()];
    const held = [
      await h.publish(TOPICS.caseReferralMade, referral(who, first, 'normal')),
      await h.publish(TOPICS.caseReferralMade, referral(who, second, 'normal')),
    ];
    const critical = await h.publish(TOPICS.caseReferralMade, referral(who, urgent, 'critical'));
    const alert = caseRef();
    await h.publish(TOPICS.caseAlertRaised, alertRaised([who], { caseRef: alert, urgency: 'high' }));

    // Critical notices of a digestible category, and every case alert, are not held.
    await expectEventually(() =>
      expect(
        h.smtp
          .to(address)
          .map((m) => m.subject)
          .sort(),
      ).toEqual([`[CRITICAL] Referral noted for ${urgent}`, `[High] Case alert ${alert}`].sort()),
    );
    expect((await deliveries(critical.id)).map((d) => `${d.channel}:${d.status}`).sort()).toEqual(['email:sent', 'in-app:sent']);

    // The held ones wait for the digest at the person's digest hour; their inbox items do not wait.
    const records = await expectEventually(async () => {
      const found = (await Promise.all(held.map((e) => deliveries(e.id)))).flat();
      expect(found.map((d) => `${d.channel}:${d.status}`).sort()).toEqual([
        'email:digest-pending',
        'email:digest-pending',
        'in-app:sent',
        'in-app:sent',
      ]);
      return found.filter((d) => d.channel === 'email');
    });
    const day = records[0].digestDay!;
    const digestId = jobId('digest', who, 'email', day);
    expect(records.map((d) => d.jobId)).toEqual([digestId, digestId]);
    const dueAt = new Date(records[0].dueAt);
    expect(localHour(dueAt)).toBe(DIGEST_HOUR);
    expect(dueAt.getTime() - Date.now()).toBeGreaterThan(115 * 60_000);
    expect(dueAt.getTime() - Date.now()).toBeLessThan(181 * 60_000);
    expect(h.smtp.to(address).some((m) => m.subject.includes(first) || m.text.includes(first))).toBe(false);

    // The digest is due later: bring its delayed job forward.
    const queue = h.queue('notify-digest');
    const job = await expectEventually(async () => {
      const found = await queue.getJob(digestId);
      expect(await found?.getState()).toBe('delayed');
      return found!;
    });
    await job.promote();

    const digest = await expectEventually(() => {
      const mails = h.smtp.to(address).filter((m) => m.subject.startsWith('Daily digest'));
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(digest.subject).toMatch(/^Daily digest for .+ \(2\)$/);
    expect(digest.messageId).toBe(`<${digestId}@ctip.test>`);
    for (const ref of [first, second]) {
      expect(digest.text).toContain(`[Normal] Referral noted for ${ref}`);
      expect(digest.text).toContain(`https://console.ctip.test/cases/${ref}`);
    }
    expect(digest.text).not.toMatch(/Canary Staffer|digest-.*@mission/);

    await expectEventually(async () => {
      const found = (await Promise.all(held.map((e) => deliveries(e.id)))).flat().filter((d) => d.channel === 'email');
      expect(found.map((d) => [d.status, d.digestId])).toEqual([
        ['sent', digestId],
        ['sent', digestId],
      ]);
      for (const event of held) {
        expect(
          h
            .reports(TOPICS.notificationDelivered, event.id)
            .map((r) => r.data.channel)
            .sort(),
        ).toEqual(['email', 'in-app']);
      }
    });

    // Another run for the same digest (a retried or recovered job) finds nothing held and sends nothing.
    const again = await queue.add('send-digest', { payload: { personId: who, channel: 'email', day } }, { jobId: `${digestId}-again` });
    await expectEventually(async () => expect(await again.getState()).toBe('completed'));
    expect(h.smtp.to(address).filter((m) => m.subject.startsWith('Daily digest'))).toHaveLength(1);
    expect(h.smtp.to(address)).toHaveLength(3);
  });
});
