import type { CaseAlertRaised, DirectoryOrganisationChanged, DirectoryRosterChanged } from '@ctip/contracts';
import { dutyLadder } from '@ctip/duty-roster';

type Urgency = CaseAlertRaised['urgency'];
type Service = CaseAlertRaised['servicesNeeded'][number];
type InvolvedCountry = CaseAlertRaised['countries'][number];

/** What routing needs to know about a case: no identity, no notes. */
export interface RoutableCase {
  urgency: Urgency;
  countries: InvolvedCountry[];
  servicesNeeded: Service[];
  consentToShareWithPartners: boolean;
}

/** The part of the directory that routing reads (the service keeps it as a local read model). */
export interface DirectorySnapshot {
  organisations: Pick<DirectoryOrganisationChanged, 'organisationId' | 'kind' | 'country' | 'countriesCovered' | 'services' | 'active'>[];
  rosters: Pick<DirectoryRosterChanged, 'organisationId' | 'primaryFocalPointId' | 'backupIds' | 'headOfMissionId' | 'absences'>[];
  /** Active people per organisation, in a stable order. */
  peopleByOrganisation: Map<string, string[]>;
}

/** One group alerted together, and who is next if nobody in it acknowledges in time. */
export interface PlannedAlert {
  kind: 'focal-point' | 'partner' | 'coordination-unit';
  organisationId: string;
  country?: string;
  /** rungs[0] is alerted now; each later rung when the previous one did not acknowledge by the deadline. */
  rungs: string[][];
  reason: string;
}

/**
 * Decides who is alerted about a case, as explicit rules:
 * 1. the on-duty focal point of every field presence whose country is involved (origin, transit,
 *    destination, where found alike: a cross-border case alerts each), escalating to the backups, then
 *    the head of mission, then the coordination unit;
 * 2. the coordination unit (ODIHR) for a critical case, and for any involved country without a field
 *    presence or without anyone on duty;
 * 3. if consent allows sharing with partners, the partners that offer a needed service in the country
 *    where the person was found (or, if not known, the destination).
 */
export function planAlerts(subject: RoutableCase, directory: DirectorySnapshot, at: Date): PlannedAlert[] {
  const active = directory.organisations.filter((o) => o.active);
  const unit = active.find((o) => o.kind === 'coordination-unit');
  const unitPeople = unit ? (directory.peopleByOrganisation.get(unit.organisationId) ?? []) : [];
  const plans: PlannedAlert[] = [];
  const uncovered: string[] = [];

  for (const country of [...new Set(subject.countries.map((c) => c.country))]) {
    // One presence per country is the rule; if the directory ever holds two, both are alerted rather than a guess.
    let covered = false;
    for (const presence of active.filter((o) => o.kind === 'field-presence' && o.country === country)) {
      const roster = directory.rosters.find((r) => r.organisationId === presence.organisationId);
      const ladder = roster ? dutyLadder(roster, at) : undefined;
      if (!ladder?.onDuty) continue;
      covered = true;
      const rungs = [[ladder.onDuty], ladder.backups, ladder.headOfMission ? [ladder.headOfMission] : [], unitPeople].filter(
        (r) => r.length > 0,
      );
      plans.push({ kind: 'focal-point', organisationId: presence.organisationId, country, rungs, reason: `field presence of ${country}` });
    }
    if (!covered) uncovered.push(country);
  }

  if (unit && unitPeople.length > 0 && (subject.urgency === 'critical' || uncovered.length > 0)) {
    const reason = [
      subject.urgency === 'critical' ? 'critical case' : '',
      uncovered.length > 0 ? `no focal point on duty for ${uncovered.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    plans.push({ kind: 'coordination-unit', organisationId: unit.organisationId, rungs: [unitPeople], reason });
  }

  if (subject.consentToShareWithPartners && subject.servicesNeeded.length > 0) {
    const where = subject.countries.find((c) => c.role === 'found') ?? subject.countries.find((c) => c.role === 'destination');
    if (where) {
      for (const partner of active.filter((o) => o.kind === 'partner' && o.countriesCovered.includes(where.country))) {
        const offered = subject.servicesNeeded.filter((s) => partner.services.includes(s));
        const people = directory.peopleByOrganisation.get(partner.organisationId) ?? [];
        if (offered.length === 0 || people.length === 0) continue;
        plans.push({
          kind: 'partner',
          organisationId: partner.organisationId,
          country: where.country,
          rungs: [people],
          reason: `offers ${offered.join(', ')} in ${where.country}`,
        });
      }
    }
  }
  return plans;
}

/** How long a rung has to acknowledge, by urgency. */
export type AckDeadlines = Record<Urgency, number>;
