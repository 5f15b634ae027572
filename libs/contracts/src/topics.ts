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
} as const satisfies Record<string, Topic>;
