import { Injectable } from '@nestjs/common';
import { caseAlertEscalatedNotification } from './case-alert-escalated.notification';
import { caseAlertRaisedNotification } from './case-alert-raised.notification';
import { registerCategory, type CategorySpec } from './notification-categories';
import type { NotificationKind } from './notification-kind';

/** Every event type that causes notifications. Adding one: a `*.notification.ts` file, a line here, an @OnEvent handler. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [caseAlertRaisedNotification, caseAlertEscalatedNotification];

const registered: NotificationKind[] = [];

/**
 * Adds a kind (and, with `category`, its new category) before the service starts. For test fixtures that
 * prove generic behaviour — the daily digest — on a kind production does not have yet; production kinds
 * go into NOTIFICATION_KINDS.
 */
export function registerNotificationKind(kind: NotificationKind, category?: CategorySpec): void {
  if (category) registerCategory(kind.category, category);
  registered.push(kind);
}

@Injectable()
export class NotificationCatalogue {
  private readonly byTopic = new Map<string, NotificationKind>([...NOTIFICATION_KINDS, ...registered].map((kind) => [kind.topic, kind]));

  forTopic(topic: string): NotificationKind | undefined {
    return this.byTopic.get(topic);
  }
}
