import { caseAlertEscalatedNotification } from './case-alert-escalated.notification';
import { caseAlertRaisedNotification } from './case-alert-raised.notification';
import { fundProposalDecidedNotification } from './fund-proposal-decided.notification';
import { fundProposalRevisionRequestedNotification } from './fund-proposal-revision-requested.notification';
import { fundReminderDueNotification } from './fund-reminder-due.notification';
import { fundUrgentEscalatedNotification } from './fund-urgent-escalated.notification';
import { fundUrgentRequestedNotification } from './fund-urgent-requested.notification';
import type { NotificationKind } from './notification-kind';

/** The notification kinds the service runs with. A new kind: its `*.notification.ts` file and a line here. */
export const PRODUCTION_KINDS: readonly NotificationKind[] = [
  caseAlertRaisedNotification,
  caseAlertEscalatedNotification,
  // The Anti-Trafficking Project Fund (fund-proposals).
  fundProposalRevisionRequestedNotification,
  fundProposalDecidedNotification,
  fundUrgentRequestedNotification,
  fundUrgentEscalatedNotification,
  fundReminderDueNotification,
];
