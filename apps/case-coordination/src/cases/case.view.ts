import type { CaseDocument } from './case.schema';

export type CaseView = ReturnType<typeof caseView>;

/** A case as the API shows it: never the identifying details (they have their own audited endpoint). */
export function caseView(document: CaseDocument) {
  return {
    caseId: document._id,
    caseRef: document.caseRef,
    urgency: document.urgency,
    countries: document.countries,
    servicesNeeded: document.servicesNeeded,
    riskFlags: document.riskFlags,
    consent: { shareWithPartners: document.consent.shareWithPartners },
    reportingOrganisationId: document.reportingOrganisationId,
    hasIdentifyingDetails: Object.keys(document.identity ?? {}).length > 0 || document.notes !== undefined,
    alerts: document.alerts.map(
      ({ alertId, kind, organisationId, country, reason, rung, rungs, status, acknowledgeBy, acknowledgedBy, acknowledgedAt }) => ({
        alertId,
        kind,
        organisationId,
        country,
        reason,
        rung,
        alertedPersonIds: rungs[rung].personIds,
        status,
        acknowledgeBy,
        acknowledgedBy,
        acknowledgedAt,
      }),
    ),
    referrals: document.referrals,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}
