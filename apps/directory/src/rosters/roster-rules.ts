import type { Roster } from '@ctip/duty-roster';
import type { FieldProblem } from '@ctip/http';

/** What the roster rules need to know about a person it names. */
export interface RosterCandidate {
  organisationId: string;
  active: boolean;
}

/** Every person a roster names, with the field that names them. */
export function namedPeople(roster: Roster): { field: string; personId: string }[] {
  const named = [
    { field: 'primaryFocalPointId', personId: roster.primaryFocalPointId },
    ...roster.backupIds.map((personId, i) => ({ field: `backupIds.${i}`, personId })),
    ...(roster.headOfMissionId !== undefined ? [{ field: 'headOfMissionId', personId: roster.headOfMissionId }] : []),
  ];
  roster.absences.forEach((absence, i) => {
    named.push({ field: `absences.${i}.personId`, personId: absence.personId });
    if (absence.coveredBy !== undefined) named.push({ field: `absences.${i}.coveredBy`, personId: absence.coveredBy });
  });
  return named;
}

/** The distinct people a roster names: a person on this list cannot leave the presence or be deactivated. */
export function membersOf(roster: Roster): string[] {
  return [...new Set(namedPeople(roster).map((n) => n.personId))];
}

/** Problems a roster has on its own, before anyone is looked up (answered as 400). */
export function rosterShapeProblems(roster: Roster): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set([roster.primaryFocalPointId]);
  roster.backupIds.forEach((id, i) => {
    if (id === roster.primaryFocalPointId) problems.push({ field: `backupIds.${i}`, reason: 'is the primary focal point already' });
    else if (seen.has(id)) problems.push({ field: `backupIds.${i}`, reason: 'is listed twice' });
    seen.add(id);
  });
  const onDuty = new Set([roster.primaryFocalPointId, ...roster.backupIds, roster.headOfMissionId]);
  roster.absences.forEach((absence, i) => {
    if (!onDuty.has(absence.personId)) {
      problems.push({ field: `absences.${i}.personId`, reason: 'is not the primary focal point, a backup or the head of mission' });
    }
    if (Date.parse(absence.from) >= Date.parse(absence.to)) problems.push({ field: `absences.${i}.to`, reason: 'must be after from' });
    if (absence.coveredBy === absence.personId) problems.push({ field: `absences.${i}.coveredBy`, reason: 'cannot be the absent person' });
  });
  return problems;
}

/**
 * People a roster names who cannot be on it (answered as 422): everyone named, covers included, must
 * exist, be active and belong to the field presence itself.
 */
export function rosterPeopleProblems(roster: Roster, presenceId: string, people: Map<string, RosterCandidate>): FieldProblem[] {
  return namedPeople(roster).flatMap(({ field, personId }) => {
    const person = people.get(personId);
    if (!person) return [{ field, reason: 'no person with this id' }];
    if (person.organisationId !== presenceId) return [{ field, reason: `belongs to ${person.organisationId}, not to ${presenceId}` }];
    if (!person.active) return [{ field, reason: 'is not active' }];
    return [];
  });
}
