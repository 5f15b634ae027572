import type { EventEnvelope } from '@ctip/contracts';
import type { DeliveryChannel } from '../channels/notification-channel';
import type { Recipient } from '../recipients/recipient.repository';
import { caseAlertRaisedNotification } from '../templates/case-alert-raised.notification';
import { trainingEventCancelledNotification } from '../templates/training-event-cancelled.notification';
import { trainingInvitationSentNotification } from '../templates/training-invitation-sent.notification';
import { DeliveryPlanner } from './delivery-planner';

describe(DeliveryPlanner.name, () => {
  const planner = new DeliveryPlanner(new Set<DeliveryChannel>(['email', 'sms', 'webhook', 'in-app']));
  const envelope = {
    id: '6f1c1a52-9f51-4a55-9a0e-1d2b3c4d5e6f',
    type: 'case.alert.raised',
    version: 1,
    source: 'case-coordination',
    occurredAt: '2026-01-10T21:29:00Z',
    key: 'case-9',
    correlationId: 'corr-1',
    data: {},
  } satisfies EventEnvelope;
  const recipient: Recipient = {
    _id: 'p-1',
    organisationId: 'org',
    languages: ['ro', 'ru'],
    timeZone: 'Europe/Chisinau',
    active: true,
    revision: 3,
    contactPoints: [
      { contactPointId: 'c1', channel: 'sms', address: '+37360000000', priority: 0 },
      { contactPointId: 'c2', channel: 'email', address: 'fp@mission.example.org', priority: 1 },
    ],
  };
  const now = new Date('2026-01-10T21:30:00Z'); // 23:30 in Chisinau
  const plan = (urgency: 'critical' | 'normal', target: Parameters<DeliveryPlanner['plan']>[0]['target']) =>
    planner.plan({ kind: caseAlertRaisedNotification, envelope, urgency, facts: { caseRef: 'RR-2026-000001' }, target, now });

  it('plans one delivery per reachable channel plus in-app, with deterministic ids, in a language the person reads', () => {
    const records = plan('critical', { personId: 'p-1', recipient, settings: null });
    expect(records.map((r) => [r._id, r.channel, r.language, r.aggregateKey, r.status, r.jobId === r._id])).toEqual([
      [`${envelope.id}-p-1-sms`, 'sms', 'ru', 'case-9', 'queued', true],
      [`${envelope.id}-p-1-email`, 'email', 'ru', 'case-9', 'queued', true],
      [`${envelope.id}-p-1-in-app`, 'in-app', 'ru', 'case-9', 'queued', true],
    ]);
    expect(records.every((r) => r.dueAt.getTime() === now.getTime())).toBe(true);
  });

  it('follows the person’s preferences: chosen channels, language, and quiet hours for non-critical notices', () => {
    const settings = {
      defaults: { language: 'en' as const },
      categories: { 'case-alert': { channels: ['email' as const, 'in-app' as const], quietHours: { start: '22:00', end: '07:00' } } },
    };
    const records = plan('normal', { personId: 'p-1', recipient, settings });
    expect(records.map((r) => [r.channel, r.language, r.dueAt.toISOString()])).toEqual([
      ['email', 'en', '2026-01-11T05:00:00.000Z'],
      ['in-app', 'en', now.toISOString()],
    ]);
  });

  it('reaches someone not yet in the directory through their inbox only, and an inactive person not at all', () => {
    expect(
      plan('critical', { personId: 'p-new', recipient: null, settings: null }).map((r) => [r.channel, r.language, r.timeZone]),
    ).toEqual([['in-app', 'en', 'UTC']]);
    expect(plan('critical', { personId: 'p-1', recipient: { ...recipient, active: false }, settings: null })).toEqual([]);
  });

  it('training notices: email and in-app; an urgent cancellation also by SMS where the person has a phone', () => {
    const training = (kind: typeof trainingInvitationSentNotification | typeof trainingEventCancelledNotification, urgent: boolean) =>
      planner
        .plan({
          kind,
          envelope,
          urgency: kind === trainingEventCancelledNotification ? (urgent ? 'high' : 'normal') : 'normal',
          facts: {},
          target: { personId: 'p-1', recipient, settings: null },
          now,
        })
        .map((r) => [r.channel, r.urgency]);
    expect(training(trainingInvitationSentNotification, false)).toEqual([
      ['email', 'normal'],
      ['in-app', 'normal'],
    ]);
    expect(training(trainingEventCancelledNotification, false)).toEqual([
      ['email', 'normal'],
      ['in-app', 'normal'],
    ]);
    expect(training(trainingEventCancelledNotification, true)).toEqual([
      ['sms', 'high'],
      ['email', 'high'],
      ['in-app', 'high'],
    ]);
  });

  it('gives a person outside the directory no inbox item (they have no console to read it in)', () => {
    const external: Recipient = { ...recipient, _id: 'ext-1', external: true, displayName: 'Canary Outsider' };
    const records = planner.plan({
      kind: trainingInvitationSentNotification,
      envelope,
      urgency: 'normal',
      facts: {},
      target: { personId: 'ext-1', recipient: external, settings: null },
      now,
    });
    expect(records.map((r) => r.channel)).toEqual(['email']);
  });
});
