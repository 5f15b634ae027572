import { caseAlertEscalatedNotification } from './case-alert-escalated.notification';
import { caseAlertRaisedNotification } from './case-alert-raised.notification';
import type { NotificationKind } from './notification-kind';

/** The notification kinds the service runs with. A new kind: its `*.notification.ts` file and a line here. */
export const PRODUCTION_KINDS: readonly NotificationKind[] = [caseAlertRaisedNotification, caseAlertEscalatedNotification];
