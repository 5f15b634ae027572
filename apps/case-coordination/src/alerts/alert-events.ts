import { randomUUID } from 'node:crypto';
import type { CaseAlertAcknowledged, CaseAlertEscalated, CaseAlertRaised } from '@ctip/contracts';
import type { AckDeadlines, PlannedAlert } from '../routing/alert-routing';
import type { AlertState, CaseDocument } from '../cases/case.schema';

type CaseFacts = Pick<CaseDocument, '_id' | 'caseRef' | 'urgency' | 'countries' | 'servicesNeeded' | 'riskFlags'>;

export function openAlert(plan: PlannedAlert, urgency: CaseDocument['urgency'], deadlines: AckDeadlines, now: Date): AlertState {
  return {
    alertId: randomUUID(),
    kind: plan.kind,
    organisationId: plan.organisationId,
    ...(plan.country ? { country: plan.country } : {}),
    reason: plan.reason,
    rungs: plan.rungs.map((personIds) => ({ personIds })),
    rung: 0,
    status: 'open',
    acknowledgeBy: new Date(now.getTime() + deadlines[urgency]),
  };
}

function recipients(alert: AlertState): CaseAlertRaised['recipients'] {
  return {
    kind: alert.kind,
    organisationId: alert.organisationId,
    ...(alert.country ? { country: alert.country } : {}),
    personIds: alert.rungs[alert.rung].personIds,
  };
}

/** Only what an alert may carry: reference, urgency, countries, services, risk flags, recipients. */
export function alertRaised(subject: CaseFacts, alert: AlertState): CaseAlertRaised {
  return {
    alertId: alert.alertId,
    caseId: subject._id,
    caseRef: subject.caseRef,
    urgency: subject.urgency,
    countries: subject.countries,
    servicesNeeded: subject.servicesNeeded,
    riskFlags: subject.riskFlags,
    recipients: recipients(alert),
    rung: alert.rung,
    acknowledgeBy: alert.acknowledgeBy.toISOString(),
  };
}

export function alertEscalated(subject: CaseFacts, alert: AlertState, fromRung: number, delayMs: number): CaseAlertEscalated {
  return {
    alertId: alert.alertId,
    caseId: subject._id,
    caseRef: subject.caseRef,
    urgency: subject.urgency,
    fromRung,
    toRung: alert.rung,
    recipients: recipients(alert),
    acknowledgeBy: alert.acknowledgeBy.toISOString(),
    delayMs,
  };
}

export function alertAcknowledged(subject: CaseFacts, alert: AlertState): CaseAlertAcknowledged {
  return {
    alertId: alert.alertId,
    caseId: subject._id,
    caseRef: subject.caseRef,
    acknowledgedBy: alert.acknowledgedBy!,
    rung: alert.rung,
    acknowledgedAt: alert.acknowledgedAt!.toISOString(),
  };
}

/** Everyone alerted so far in this group may acknowledge for it. */
export function alertedSoFar(alert: AlertState): string[] {
  return alert.rungs.slice(0, alert.rung + 1).flatMap((r) => r.personIds);
}
