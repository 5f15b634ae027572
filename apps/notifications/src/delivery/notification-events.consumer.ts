import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingRuntime } from '@ctip/messaging';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { NotificationDispatcher } from './notification-dispatcher.service';

/**
 * The one Kafka entry point of notifications: for the topic of every kind in the catalogue, a handler that
 * hands the (already validated) envelope to the dispatcher. Registered at module init because the
 * consumer subscribes at application bootstrap.
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
