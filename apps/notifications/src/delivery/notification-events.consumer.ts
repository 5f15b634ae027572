import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingRuntime } from '@ctip/messaging';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { NotificationDispatcher } from './notification-dispatcher.service';

export const URGENT_LANE = 'urgent';

/**
 * The one Kafka entry point of notifications: for the topic of every kind in the catalogue, a handler that
 * hands the (already validated) envelope to the dispatcher. The kinds come through DI, so the topics are
 * known only at run time: `registerHandler` is the programmatic form of `@EventPattern(topic)`, on the same
 * transport with the same guarantees, and must run before the transport listens (module init).
 *
 * Dispatch is idempotent by its own keys (deterministic delivery and job ids), so no inbox record is kept
 * per notice, and notices of different aggregates are dispatched side by side. The kinds of urgent
 * categories (case alerts) have a lane of their own: a consumer group that never waits behind a meeting's
 * fan-out or a quarter's decisions.
 */
@Injectable()
export class NotificationEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly catalogue: NotificationCatalogue,
    private readonly dispatcher: NotificationDispatcher,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onModuleInit(): void {
    this.runtime.usePolicy({ keysConsumedConcurrently: this.config.KAFKA_KEYS_CONCURRENTLY });
    for (const topic of this.catalogue.topics) {
      const lane = this.catalogue.forTopic(topic)?.category.urgent ? URGENT_LANE : undefined;
      this.runtime.registerHandler(topic, (_data, envelope) => this.dispatcher.dispatch(topic, envelope), { idempotent: true, lane });
    }
  }
}
