import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingRuntime } from '@ctip/messaging';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { NotificationDispatcher } from './notification-dispatcher.service';

/**
 * The one Kafka entry point of notifications: for the topic of every kind in the catalogue, a handler that
 * hands the (already validated) envelope to the dispatcher. The kinds come through DI, so the topics are
 * known only at run time: `registerHandler` is the programmatic form of `@EventPattern(topic)`, on the same
 * transport with the same guarantees, and must run before the transport listens (module init).
 */
@Injectable()
export class NotificationEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly catalogue: NotificationCatalogue,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  onModuleInit(): void {
    for (const topic of this.catalogue.topics) {
      this.runtime.registerHandler(topic, (_data, envelope) => this.dispatcher.dispatch(topic, envelope));
    }
  }
}
