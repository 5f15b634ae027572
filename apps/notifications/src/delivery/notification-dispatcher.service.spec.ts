import { TOPICS, type EventEnvelope } from '@ctip/contracts';
import { NonRetriableError } from '@ctip/messaging';
import type { PinoLogger } from 'nestjs-pino';
import type { ChannelRegistry } from '../channels/channel-registry';
import type { NotificationsConfig } from '../config';
import type { PreferenceRepository } from '../preferences/preference.repository';
import type { RecipientRepository } from '../recipients/recipient.repository';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { PRODUCTION_KINDS } from '../templates/production-kinds';
import type { DeliveryQueue } from './delivery-queue.service';
import type { DeliveryRepository } from './delivery.repository';
import { NotificationDispatcher } from './notification-dispatcher.service';

describe(NotificationDispatcher.name, () => {
  const unused = <T>() => ({}) as T;

  it('refuses an event type that has no template, so the consumer dead-letters it with the reason', async () => {
    const dispatcher = new NotificationDispatcher(
      new NotificationCatalogue(PRODUCTION_KINDS),
      unused<RecipientRepository>(),
      unused<PreferenceRepository>(),
      unused<DeliveryRepository>(),
      unused<DeliveryQueue>(),
      { enabled: new Set() } as unknown as ChannelRegistry,
      unused<NotificationsConfig>(),
      unused<PinoLogger>(),
    );
    const envelope = { id: '00000000-0000-4000-8000-000000000001', type: 'case.reported', version: 1, data: {} } as EventEnvelope;
    const attempt = dispatcher.dispatch(TOPICS.caseReported, envelope);
    await expect(attempt).rejects.toThrow(NonRetriableError);
    await expect(dispatcher.dispatch(TOPICS.caseReported, envelope)).rejects.toThrow('no notification template for case.reported.v1');
  });
});
