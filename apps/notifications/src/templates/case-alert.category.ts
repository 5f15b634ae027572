import { defineCategory } from './notification-category';

/** Urgent case alerts and their escalations: quiet hours yield to critical ones, never digested. */
export const CASE_ALERT_CATEGORY = defineCategory({ name: 'case-alert', urgent: true, digest: false });
