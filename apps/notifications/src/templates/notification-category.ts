/**
 * A lane of notices, which people choose preferences for (`categories.<name>` in PUT /me/preferences).
 * Declared next to the kinds that use it and reaches the service with them (see NotificationCatalogue).
 */
export interface NotificationCategory {
  /** Kebab-case; stored with each delivery and named in preferences: renaming one is a migration. */
  readonly name: string;
  /** Urgent categories carry deadlines (an alert's acknowledgement): never held for a digest. */
  readonly urgent: boolean;
  /** A person may have this category's notices held for one message a day. */
  readonly digest: boolean;
}

/** A category, checked: an urgent one cannot be digested. */
export function defineCategory(spec: NotificationCategory): NotificationCategory {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(spec.name)) throw new Error(`category name ${spec.name} must be kebab-case`);
  if (spec.urgent && spec.digest) throw new Error(`category ${spec.name} is urgent and cannot be digested`);
  return Object.freeze({ ...spec });
}

/** Whether a person's `digest: true` may hold this category's notices. */
export function isDigestible(category: NotificationCategory): boolean {
  return category.digest && !category.urgent;
}
