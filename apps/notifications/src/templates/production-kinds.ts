import { caseAlertEscalatedNotification } from './case-alert-escalated.notification';
import { caseAlertRaisedNotification } from './case-alert-raised.notification';
import { fundProposalDecidedNotification } from './fund-proposal-decided.notification';
import { fundProposalRevisionRequestedNotification } from './fund-proposal-revision-requested.notification';
import { fundReminderDueNotification } from './fund-reminder-due.notification';
import { fundUrgentEscalatedNotification } from './fund-urgent-escalated.notification';
import { fundUrgentRequestedNotification } from './fund-urgent-requested.notification';
import type { NotificationKind } from './notification-kind';
import { trainingInvitationSentNotification } from './training-invitation-sent.notification';
import { trainingNominationRequestedNotification } from './training-nomination-requested.notification';
import { trainingRegistrationConfirmedNotification } from './training-registration-confirmed.notification';
import { trainingRegistrationWaitlistedNotification } from './training-registration-waitlisted.notification';
import { trainingSeatOfferedNotification } from './training-seat-offered.notification';
import { trainingReminderDueNotification } from './training-reminder-due.notification';
import { trainingEventChangedNotification } from './training-event-changed.notification';
import { trainingEventCancelledNotification } from './training-event-cancelled.notification';
import { trainingFeedbackRequestedNotification } from './training-feedback-requested.notification';
import { trainingCertificateIssuedNotification } from './training-certificate-issued.notification';

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
  // Trainings, meetings and conferences (training-events).
  trainingInvitationSentNotification,
  trainingNominationRequestedNotification,
  trainingRegistrationConfirmedNotification,
  trainingRegistrationWaitlistedNotification,
  trainingSeatOfferedNotification,
  trainingReminderDueNotification,
  trainingEventChangedNotification,
  trainingEventCancelledNotification,
  trainingFeedbackRequestedNotification,
  trainingCertificateIssuedNotification,
];
