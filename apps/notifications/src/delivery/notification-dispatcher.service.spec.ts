import { TOPICS, type EventEnvelope } from '@ctip/contracts';
import { NonRetriableError } from '@ctip/messaging';
import type { JobQueues } from '@ctip/scheduling';
import type { PinoLogger } from 'nestjs-pino';
import type { ChannelRegistry } from '../channels/channel-registry';
import type { NotificationsConfig } from '../config';
import type { PreferenceRepository } from '../preferences/preference.repository';
import type { RecipientRepository } from '../recipients/recipient.repository';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { PRODUCTION_KINDS } from '../templates/production-kinds';
import type { DeliveryQueue } from './delivery-queue.service';
import type { DeliveryRepository } from './delivery.repository';
import type { Recipient } from '../recipients/recipient.repository';
import { trainingInvitationSentNotification } from '../templates/training-invitation-sent.notification';
import type { DeliveryRecord } from './delivery.schema';
import { NotificationDispatcher, RecipientsNotYetKnownError } from './notification-dispatcher.service';

describe(NotificationDispatcher.name, () => {
  const unused = <T>() => ({}) as T;

  it('refuses an event type that has no template, so the consumer dead-letters it with the reason', async () => {
    const dispatcher = new NotificationDispatcher(
      new NotificationCatalogue(PRODUCTION_KINDS),
      unused<RecipientRepository>(),
      unused<PreferenceRepository>(),
      unused<DeliveryRepository>(),
      unused<DeliveryQueue>(),
      unused<JobQueues>(),
      { enabled: new Set() } as unknown as ChannelRegistry,
      unused<NotificationsConfig>(),
      unused<PinoLogger>(),
    );
    const envelope = { id: '00000000-0000-4000-8000-000000000001', type: 'case.reported', version: 1, data: {} } as EventEnvelope;
    const attempt = dispatcher.dispatch(TOPICS.caseReported, envelope);
    await expect(attempt).rejects.toThrow(NonRetriableError);
    await expect(dispatcher.dispatch(TOPICS.caseReported, envelope)).rejects.toThrow('no notification template for case.reported.v1');
  });

  it('serves everyone it knows, and holds the notice for people outside the directory whose contact points have not arrived', async () => {
    const known: Recipient = {
      _id: 'p-1',
      organisationId: 'org',
      languages: ['en'],
      timeZone: 'Europe/Vienna',
      active: true,
      revision: 1,
      contactPoints: [{ contactPointId: 'c1', channel: 'email', address: 'p1@example.org', priority: 0 }],
    };
    const stored: DeliveryRecord[] = [];
    const held: { data: unknown; options: unknown }[] = [];
    const dispatcher = new NotificationDispatcher(
      new NotificationCatalogue(PRODUCTION_KINDS),
      {
        findMany: async (ids: string[]) => new Map(ids.filter((id) => id === 'p-1').map((id) => [id, known])),
      } as unknown as RecipientRepository,
      { findMany: async () => new Map() } as unknown as PreferenceRepository,
      { createAllIfAbsent: async (records: DeliveryRecord[]) => (stored.push(...records), records) } as unknown as DeliveryRepository,
      { enqueueAll: async () => undefined, enqueueDigest: async () => undefined } as unknown as DeliveryQueue,
      { add: async (_job: unknown, data: unknown, options: unknown) => void held.push({ data, options }) } as unknown as JobQueues,
      { enabled: new Set(['email', 'sms', 'in-app']) } as unknown as ChannelRegistry,
      { DIGEST_HOUR_LOCAL: 8, EXTERNAL_RECIPIENT_RETRY_MS: 1000, EXTERNAL_RECIPIENT_ATTEMPTS: 8 } as unknown as NotificationsConfig,
      { warn: () => undefined, info: () => undefined } as unknown as PinoLogger,
    );
    const data = { ...trainingInvitationSentNotification.sample, recipients: { personIds: ['p-1', 'ext-7f3a', 'ext-9b21'] } };
    const envelope = { id: '00000000-0000-4000-8000-000000000002', type: 'training.invitation.sent', key: 'evt', data } as EventEnvelope;

    await dispatcher.dispatch(TOPICS.trainingInvitationSent, envelope);
    expect(stored.map((r) => [r.recipientPersonId, r.channel])).toEqual([
      ['p-1', 'email'],
      ['p-1', 'in-app'],
    ]);
    expect(held).toEqual([
      {
        data: { topic: TOPICS.trainingInvitationSent, envelope, recipientIds: ['ext-7f3a', 'ext-9b21'] },
        options: {
          jobId: `pending-recipients-${envelope.id}`,
          delay: 1000,
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000 },
        },
      },
    ]);

    // The retry, for those two alone: still unknown, so it fails with who is missing (and BullMQ retries it).
    stored.length = 0;
    const retry = dispatcher.dispatch(TOPICS.trainingInvitationSent, envelope, ['ext-7f3a', 'ext-9b21']);
    await expect(retry).rejects.toThrow(RecipientsNotYetKnownError);
    await expect(retry).rejects.toThrow('contact points not received yet for 2 recipient(s) outside the directory: ext-7f3a, ext-9b21');
    expect(stored).toEqual([]);
    expect(held).toHaveLength(1);
  });
});
