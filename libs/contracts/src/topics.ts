import { defineCatalogue, type PayloadOf, type TopicOf } from './catalogue/define-event';
import { caseAlertAcknowledged } from './events/case-alert-acknowledged/case-alert-acknowledged.schema';
import { caseAlertEscalated } from './events/case-alert-escalated/case-alert-escalated.schema';
import { caseAlertRaised } from './events/case-alert-raised/case-alert-raised.schema';
import { caseOpened } from './events/case-opened/case-opened.schema';
import { caseReferralAccepted } from './events/case-referral-accepted/case-referral-accepted.schema';
import { caseReferralCompleted } from './events/case-referral-completed/case-referral-completed.schema';
import { caseReferralDeclined } from './events/case-referral-declined/case-referral-declined.schema';
import { caseReferralMade } from './events/case-referral-made/case-referral-made.schema';
import { caseReported } from './events/case-reported/case-reported.schema';
import { directoryOrganisationChanged } from './events/directory-organisation-changed/directory-organisation-changed.schema';
import { directoryPersonChanged } from './events/directory-person-changed/directory-person-changed.schema';
import { directoryRosterChanged } from './events/directory-roster-changed/directory-roster-changed.schema';
import { fundProposalSubmitted } from './events/fund-proposal-submitted/fund-proposal-submitted.schema';
import { fundProposalRevisionRequested } from './events/fund-proposal-revision-requested/fund-proposal-revision-requested.schema';
import { fundProposalScreened } from './events/fund-proposal-screened/fund-proposal-screened.schema';
import { fundProposalDecided } from './events/fund-proposal-decided/fund-proposal-decided.schema';
import { fundCycleClosed } from './events/fund-cycle-closed/fund-cycle-closed.schema';
import { fundSlateConfirmed } from './events/fund-slate-confirmed/fund-slate-confirmed.schema';
import { fundUrgentRequested } from './events/fund-urgent-requested/fund-urgent-requested.schema';
import { fundUrgentEscalated } from './events/fund-urgent-escalated/fund-urgent-escalated.schema';
import { fundReminderDue } from './events/fund-reminder-due/fund-reminder-due.schema';
import { trainingInvitationSent } from './events/training-invitation-sent/training-invitation-sent.schema';
import { trainingNominationRequested } from './events/training-nomination-requested/training-nomination-requested.schema';
import { trainingRegistrationConfirmed } from './events/training-registration-confirmed/training-registration-confirmed.schema';
import { trainingRegistrationWaitlisted } from './events/training-registration-waitlisted/training-registration-waitlisted.schema';
import { trainingSeatOffered } from './events/training-seat-offered/training-seat-offered.schema';
import { trainingReminderDue } from './events/training-reminder-due/training-reminder-due.schema';
import { trainingEventChanged } from './events/training-event-changed/training-event-changed.schema';
import { trainingEventCancelled } from './events/training-event-cancelled/training-event-cancelled.schema';
import { trainingFeedbackRequested } from './events/training-feedback-requested/training-feedback-requested.schema';
import { trainingCertificateIssued } from './events/training-certificate-issued/training-certificate-issued.schema';
import { notificationContactPointSealed } from './events/notification-contact-point-sealed/notification-contact-point-sealed.schema';
import { notificationContactPointErased } from './events/notification-contact-point-erased/notification-contact-point-erased.schema';
import { notificationDelivered } from './events/notification-delivered/notification-delivered.schema';
import { notificationFailed } from './events/notification-failed/notification-failed.schema';

/**
 * Every topic of the system and its payload. Topic names are versioned: renaming one, or changing a
 * payload incompatibly, is a migration (publish both `.vN` and `.vN+1` until consumers moved).
 */
export const CATALOGUE = defineCatalogue(
  caseReported,
  caseOpened,
  caseAlertRaised,
  caseAlertEscalated,
  caseAlertAcknowledged,
  caseReferralMade,
  caseReferralAccepted,
  caseReferralDeclined,
  caseReferralCompleted,
  directoryOrganisationChanged,
  directoryPersonChanged,
  directoryRosterChanged,
  notificationDelivered,
  notificationFailed,
  notificationContactPointSealed,
  notificationContactPointErased,
  fundProposalSubmitted,
  fundProposalRevisionRequested,
  fundProposalScreened,
  fundProposalDecided,
  fundCycleClosed,
  fundSlateConfirmed,
  fundUrgentRequested,
  fundUrgentEscalated,
  fundReminderDue,
  trainingInvitationSent,
  trainingNominationRequested,
  trainingRegistrationConfirmed,
  trainingRegistrationWaitlisted,
  trainingSeatOffered,
  trainingReminderDue,
  trainingEventChanged,
  trainingEventCancelled,
  trainingFeedbackRequested,
  trainingCertificateIssued,
);
export type Catalogue = typeof CATALOGUE;
export type Topic = TopicOf<Catalogue>;
export type Payload<T extends Topic> = PayloadOf<Catalogue, T>;

export const TOPICS = {
  caseReported: caseReported.topic,
  caseOpened: caseOpened.topic,
  caseAlertRaised: caseAlertRaised.topic,
  caseAlertEscalated: caseAlertEscalated.topic,
  caseAlertAcknowledged: caseAlertAcknowledged.topic,
  caseReferralMade: caseReferralMade.topic,
  caseReferralAccepted: caseReferralAccepted.topic,
  caseReferralDeclined: caseReferralDeclined.topic,
  caseReferralCompleted: caseReferralCompleted.topic,
  directoryOrganisationChanged: directoryOrganisationChanged.topic,
  directoryPersonChanged: directoryPersonChanged.topic,
  directoryRosterChanged: directoryRosterChanged.topic,
  notificationDelivered: notificationDelivered.topic,
  notificationFailed: notificationFailed.topic,
  notificationContactPointSealed: notificationContactPointSealed.topic,
  notificationContactPointErased: notificationContactPointErased.topic,
  fundProposalSubmitted: fundProposalSubmitted.topic,
  fundProposalRevisionRequested: fundProposalRevisionRequested.topic,
  fundProposalScreened: fundProposalScreened.topic,
  fundProposalDecided: fundProposalDecided.topic,
  fundCycleClosed: fundCycleClosed.topic,
  fundSlateConfirmed: fundSlateConfirmed.topic,
  fundUrgentRequested: fundUrgentRequested.topic,
  fundUrgentEscalated: fundUrgentEscalated.topic,
  fundReminderDue: fundReminderDue.topic,
  trainingInvitationSent: trainingInvitationSent.topic,
  trainingNominationRequested: trainingNominationRequested.topic,
  trainingRegistrationConfirmed: trainingRegistrationConfirmed.topic,
  trainingRegistrationWaitlisted: trainingRegistrationWaitlisted.topic,
  trainingSeatOffered: trainingSeatOffered.topic,
  trainingReminderDue: trainingReminderDue.topic,
  trainingEventChanged: trainingEventChanged.topic,
  trainingEventCancelled: trainingEventCancelled.topic,
  trainingFeedbackRequested: trainingFeedbackRequested.topic,
  trainingCertificateIssued: trainingCertificateIssued.topic,
} as const satisfies Record<string, Topic>;
