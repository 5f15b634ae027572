import type { EventEnvelope } from '@ctip/contracts';
import type { DeliveryChannel } from '../channels/notification-channel';
import type { NotificationsConfig } from '../config';
import type { Recipient } from '../recipients/recipient.repository';
import { caseAlertRaisedNotification } from '../templates/case-alert-raised.notification';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { testDigestNotification } from '../../test/fixtures/test-digest.notification';
import { DeliveryPlanner } from './delivery-planner';
import { MessageComposer } from './message-composer.service';

describe(MessageComposer.name, () => {
  const composer = new MessageComposer(new NotificationCatalogue([caseAlertRaisedNotification, testDigestNotification]), {
    APP_BASE_URL: 'https://console.ctip.example/',
    CALENDAR_ORGANIZER: 'CTIP Training Events <events@ctip.example>',
  } as NotificationsConfig);
  const planner = new DeliveryPlanner(new Set<DeliveryChannel>(['email', 'sms', 'webhook', 'in-app']), 8);
  const recipient: Recipient = {
    _id: 'p-1',
    organisationId: 'org',
    languages: ['en'],
    timeZone: 'Europe/Chisinau',
    active: true,
    revision: 1,
    contactPoints: [{ contactPointId: 'c1', channel: 'email', address: 'fp@mission.example.org', priority: 0 }],
  };
  const now = new Date('2026-01-10T12:00:00Z'); // 14:00 in Chisinau
  const held = (caseRef: string, language: 'en' | 'ru', urgency: 'normal' | 'critical' = 'normal') => {
    const envelope = {
      id: `00000000-0000-4000-8000-${caseRef.slice(-6).padStart(12, '0')}`,
      type: 'case.referral.made',
      version: 1,
      source: 'case-coordination',
      occurredAt: now.toISOString(),
      key: 'case-1',
      correlationId: 'corr-1',
      data: {},
    } satisfies EventEnvelope;
    const data = { caseRef, service: 'shelter', urgency, referredBy: 'p-1', fullName: 'Canary Person' };
    return planner.plan({
      kind: testDigestNotification,
      envelope,
      urgency,
      facts: testDigestNotification.facts(data),
      target: { personId: 'p-1', recipient, settings: { defaults: { digest: true, language }, categories: {} } },
      now,
    });
  };

  it('holds a digestible notice for the 08:00 digest of the person’s next local morning, but not a critical one or the inbox', () => {
    const [email, inApp] = held('RR-2026-000001', 'en');
    expect(email).toMatchObject({ status: 'digest-pending', digestDay: '2026-01-11', jobId: 'digest-p-1-email-2026-01-11' });
    expect(email.dueAt.toISOString()).toBe('2026-01-11T06:00:00.000Z');
    expect(inApp).toMatchObject({ channel: 'in-app', status: 'queued' });
    expect(held('RR-2026-000002', 'en', 'critical').map((r) => r.status)).toEqual(['queued', 'queued']);
  });

  it('never holds an urgent category, whatever the person’s default', () => {
    const envelope = { id: '00000000-0000-4000-8000-000000000009', occurredAt: now.toISOString(), key: 'k' } as EventEnvelope;
    const records = planner.plan({
      kind: caseAlertRaisedNotification,
      envelope,
      urgency: 'normal',
      facts: {},
      target: { personId: 'p-1', recipient, settings: { defaults: { digest: true }, categories: {} } },
      now,
    });
    expect(records.map((r) => r.status)).toEqual(['queued', 'queued']);
  });

  it.each([
    ['en', 'Daily digest for January 11, 2026 (2)', '[Normal] Referral noted for RR-2026-000001'],
    ['ru', 'Ежедневная сводка за 11 января 2026 г. (2)', '[Обычная] Направление по делу RR-2026-000001'],
  ] as const)('renders one %s digest listing each notice’s subject line and link, and nothing personal', (language, subject, line) => {
    const records = [held('RR-2026-000001', language)[0], held('RR-2026-000002', language)[0]];
    const { message, included, unrenderable } = composer.composeDigest('digest-p-1-email-2026-01-11', '2026-01-11', records);
    expect(unrenderable).toEqual([]);
    expect(included).toHaveLength(2);
    expect(message).toMatchObject({ notificationId: 'digest-p-1-email-2026-01-11', language, category: 'digest', subject });
    expect(message!.body).toContain(`- ${line}\n  https://console.ctip.example/cases/RR-2026-000001\n`);
    expect(message!.body).toContain('https://console.ctip.example/cases/RR-2026-000002');
    expect(message!.short).toContain('https://console.ctip.example/');
    for (const part of [message!.subject, message!.body, message!.short]) {
      expect(part).not.toMatch(/undefined|null|\[object Object\]|\{\{|Canary Person|fp@mission/);
    }
    if (language === 'ru') expect(message!.body).toMatch(/Уведомления, отложенные/);
    else expect(message!.body).not.toMatch(/[А-Яа-я]/);
  });

  it('leaves out a notice that cannot be rendered, to fail on its own', () => {
    const good = held('RR-2026-000001', 'en')[0];
    const broken = { ...held('RR-2026-000003', 'en')[0], facts: { caseRef: 'RR-2026-000003' } };
    const { message, included, unrenderable } = composer.composeDigest('d-1', '2026-01-11', [good, broken]);
    expect(included.map((r) => r._id)).toEqual([good._id]);
    expect(unrenderable.map((u) => u.record._id)).toEqual([broken._id]);
    expect(message!.subject).toBe('Daily digest for January 11, 2026 (1)');
  });
});
