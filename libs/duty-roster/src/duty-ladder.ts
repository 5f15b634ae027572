import type { Absence, DirectoryRosterChanged } from '@ctip/contracts';

export type Roster = Pick<DirectoryRosterChanged, 'primaryFocalPointId' | 'backupIds' | 'headOfMissionId' | 'absences'>;

/** Who answers for a field presence at one moment, in the order they are alerted. */
export interface DutyLadder {
  /** Alerted first: the primary focal point, or whoever covers for them, or the first backup present. */
  onDuty?: string;
  /** Alerted when the one on duty does not acknowledge in time, in roster order. */
  backups: string[];
  /** Alerted when no backup acknowledges either. */
  headOfMission?: string;
}

export function absenceAt(personId: string, at: Date, absences: Absence[]): Absence | undefined {
  const t = at.getTime();
  return absences.find((a) => a.personId === personId && Date.parse(a.from) <= t && t < Date.parse(a.to));
}

/**
 * Computes who is on duty from a roster at a moment: absent people are skipped, a named cover takes
 * the absent person's place (if present), and nobody appears twice on the ladder.
 */
export function dutyLadder(roster: Roster, at: Date): DutyLadder {
  const present = (id: string | undefined): id is string => id !== undefined && !absenceAt(id, at, roster.absences);
  const standIn = (id: string): string | undefined => {
    if (present(id)) return id;
    const cover = absenceAt(id, at, roster.absences)?.coveredBy;
    return present(cover) ? cover : undefined;
  };

  const candidates = [roster.primaryFocalPointId, ...roster.backupIds].map(standIn).filter((id): id is string => id !== undefined);
  const ordered = [...new Set(candidates)];
  const head = roster.headOfMissionId !== undefined ? standIn(roster.headOfMissionId) : undefined;
  const [onDuty, ...backups] = ordered;
  return {
    onDuty,
    backups: backups.filter((id) => id !== head),
    headOfMission: head !== undefined && head !== onDuty ? head : undefined,
  };
}
