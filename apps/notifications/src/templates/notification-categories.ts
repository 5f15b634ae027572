/** What a category allows: `digest` — a person may have its notices held for one message a day. */
export interface CategorySpec {
  /** Urgent categories carry deadlines (an alert's acknowledgement); they are never held for a digest. */
  urgent: boolean;
  digest: boolean;
}

/**
 * What people choose preferences for. Fund decisions and meeting notices will be added here as
 * non-urgent categories with `digest: true`; nothing else is needed for them to be digested.
 */
export const NOTIFICATION_CATEGORIES = {
  'case-alert': { urgent: true, digest: false },
} as const satisfies Record<string, CategorySpec>;

export type NotificationCategory = keyof typeof NOTIFICATION_CATEGORIES;
export const CATEGORY_NAMES = Object.keys(NOTIFICATION_CATEGORIES) as [NotificationCategory, ...NotificationCategory[]];

/** Categories added by `registerNotificationKind` (test fixtures); the preferences API names only the catalogue's. */
const registered = new Map<string, CategorySpec>();

export function registerCategory(name: string, spec: CategorySpec): void {
  if (name in NOTIFICATION_CATEGORIES) throw new Error(`category ${name} already exists`);
  registered.set(name, spec);
}

export function categorySpec(category: string): CategorySpec {
  const spec = (NOTIFICATION_CATEGORIES as Record<string, CategorySpec>)[category] ?? registered.get(category);
  if (!spec) throw new Error(`unknown notification category ${category}`);
  return spec;
}

export function isUrgentCategory(category: string): boolean {
  return categorySpec(category).urgent;
}

/** Whether a person's `digest: true` may hold this category's notices. */
export function isDigestibleCategory(category: string): boolean {
  const spec = categorySpec(category);
  return spec.digest && !spec.urgent;
}
