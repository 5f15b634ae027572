import { Inject, Injectable } from '@nestjs/common';
import type { Topic } from '@ctip/contracts';
import type { NotificationCategory } from './notification-category';
import type { NotificationKind } from './notification-kind';

/** DI token: every notification kind the service handles (see NotificationCatalogueModule.forKinds). */
export const NOTIFICATION_KINDS = Symbol('NOTIFICATION_KINDS');

/**
 * The notification kinds the service was given, by topic, and their categories by name. Refuses at boot
 * two kinds for one topic, and two different categories under one name.
 */
@Injectable()
export class NotificationCatalogue {
  private readonly byTopic = new Map<string, NotificationKind>();
  private readonly byCategory = new Map<string, NotificationCategory>();

  constructor(@Inject(NOTIFICATION_KINDS) kinds: readonly NotificationKind[]) {
    for (const kind of kinds) {
      if (this.byTopic.has(kind.topic)) throw new Error(`two notification kinds for ${kind.topic}`);
      this.byTopic.set(kind.topic, kind);
      const known = this.byCategory.get(kind.category.name);
      if (known && (known.urgent !== kind.category.urgent || known.digest !== kind.category.digest)) {
        throw new Error(`two different notification categories named ${kind.category.name}`);
      }
      this.byCategory.set(kind.category.name, kind.category);
    }
  }

  forTopic(topic: string): NotificationKind | undefined {
    return this.byTopic.get(topic);
  }

  get kinds(): NotificationKind[] {
    return [...this.byTopic.values()];
  }

  get topics(): Topic[] {
    return [...this.byTopic.keys()] as Topic[];
  }

  get categories(): NotificationCategory[] {
    return [...this.byCategory.values()];
  }

  category(name: string): NotificationCategory | undefined {
    return this.byCategory.get(name);
  }
}
