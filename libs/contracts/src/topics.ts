import { defineCatalogue, type PayloadOf, type TopicOf } from './catalogue/define-event';
import { caseAlertAcknowledged } from './events/case-alert-acknowledged/case-alert-acknowledged.schema';
import { caseAlertEscalated } from './events/case-alert-escalated/case-alert-escalated.schema';
import { caseAlertRaised } from './events/case-alert-raised/case-alert-raised.schema';

/**
 * Every topic of the system and its payload. Topic names are versioned: renaming one, or changing a
 * payload incompatibly, is a migration (publish both `.vN` and `.vN+1` until consumers moved).
 */
export const CATALOGUE = defineCatalogue(caseAlertRaised, caseAlertEscalated, caseAlertAcknowledged);
export type Catalogue = typeof CATALOGUE;
export type Topic = TopicOf<Catalogue>;
export type Payload<T extends Topic> = PayloadOf<Catalogue, T>;

export const TOPICS = {
  caseAlertRaised: caseAlertRaised.topic,
  caseAlertEscalated: caseAlertEscalated.topic,
  caseAlertAcknowledged: caseAlertAcknowledged.topic,
} as const satisfies Record<string, Topic>;
