import { defineCategory } from './notification-category';

/** Fund decisions, revision requests and reminders: not urgent, so a person may take them as a daily digest. */
export const FUND_NOTICE_CATEGORY = defineCategory({ name: 'fund-notice', urgent: false, digest: true });

/** Urgent fast-track requests and their escalations: they carry a decision deadline, never digested. */
export const FUND_URGENT_CATEGORY = defineCategory({ name: 'fund-urgent', urgent: true, digest: false });
