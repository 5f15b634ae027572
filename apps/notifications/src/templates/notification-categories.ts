/**
 * What people choose preferences for. Urgent categories are never held for a daily digest; fund
 * decisions and meeting notices will be added here as non-urgent categories.
 */
export const NOTIFICATION_CATEGORIES = {
  'case-alert': { urgent: true },
} as const satisfies Record<string, { urgent: boolean }>;

export type NotificationCategory = keyof typeof NOTIFICATION_CATEGORIES;
export const CATEGORY_NAMES = Object.keys(NOTIFICATION_CATEGORIES) as [NotificationCategory, ...NotificationCategory[]];

export function isUrgentCategory(category: NotificationCategory): boolean {
  return NOTIFICATION_CATEGORIES[category].urgent;
}
