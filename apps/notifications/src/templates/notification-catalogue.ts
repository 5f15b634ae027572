import { Injectable } from '@nestjs/common';
import { caseAlertEscalatedNotification } from './case-alert-escalated.notification';
import { caseAlertRaisedNotification } from './case-alert-raised.notification';
import type { NotificationKind } from './notification-kind';

/** Every event type that causes notifications. Adding one: a `*.notification.ts` file, a line here, an @OnEvent handler. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [caseAlertRaisedNotification, caseAlertEscalatedNotification];

@Injectable()
export class NotificationCatalogue {
  private readonly byTopic = new Map<string, NotificationKind>(NOTIFICATION_KINDS.map((kind) => [kind.topic, kind]));

  forTopic(topic: string): NotificationKind | undefined {
    return this.byTopic.get(topic);
  }
}
