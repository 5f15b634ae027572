import type { Roster } from '@ctip/duty-roster';
import { membersOf, rosterPeopleProblems, rosterShapeProblems, type RosterCandidate } from './roster-rules';

const roster = (overrides: Partial<Roster> = {}): Roster => ({
  primaryFocalPointId: 'fp-md-primary',
  backupIds: ['fp-md-backup-1', 'fp-md-backup-2'],
  headOfMissionId: 'hom-md',
  absences: [],
  ...overrides,
});

const absence = (overrides: Partial<Roster['absences'][number]> = {}) => ({
  personId: 'fp-md-primary',
  from: '2026-07-01T00:00:00Z',
  to: '2026-07-15T00:00:00Z',
  ...overrides,
});

describe(rosterShapeProblems.name, () => {
  it('accepts a roster with an absence covered by a colleague', () => {
    expect(rosterShapeProblems(roster({ absences: [absence({ coveredBy: 'fp-md-backup-2' })] }))).toEqual([]);
  });

  it('refuses the primary focal point as a backup and a backup listed twice', () => {
    const problems = rosterShapeProblems(roster({ backupIds: ['fp-md-primary', 'fp-md-backup-1', 'fp-md-backup-1'] }));
    expect(problems).toEqual([
      { field: 'backupIds.0', reason: 'is the primary focal point already' },
      { field: 'backupIds.2', reason: 'is listed twice' },
    ]);
  });

  it('refuses an absence that does not end after it starts', () => {
    const problems = rosterShapeProblems(roster({ absences: [absence({ to: '2026-07-01T02:00:00+02:00' })] }));
    expect(problems).toEqual([{ field: 'absences.0.to', reason: 'must be after from' }]);
  });

  it('refuses an absence of someone who is not on the roster, and a person covering for themselves', () => {
    const problems = rosterShapeProblems(roster({ absences: [absence({ personId: 'someone-else', coveredBy: 'someone-else' })] }));
    expect(problems.map((p) => p.field)).toEqual(['absences.0.personId', 'absences.0.coveredBy']);
  });
});

describe(rosterPeopleProblems.name, () => {
  const people = new Map<string, RosterCandidate>([
    ['fp-md-primary', { organisationId: 'osce-presence-md', active: true }],
    ['fp-md-backup-1', { organisationId: 'osce-presence-md', active: true }],
    ['fp-md-backup-2', { organisationId: 'osce-presence-md', active: false }],
    ['hom-md', { organisationId: 'osce-presence-md', active: true }],
    ['fp-al-primary', { organisationId: 'osce-presence-al', active: true }],
    ['md-driver', { organisationId: 'osce-presence-md', active: true }],
  ]);

  it('accepts active people of the presence, including a cover who is not on the ladder', () => {
    const valid = roster({ backupIds: ['fp-md-backup-1'], absences: [absence({ coveredBy: 'md-driver' })] });
    expect(rosterPeopleProblems(valid, 'osce-presence-md', people)).toEqual([]);
  });

  it('names each field whose person is unknown, inactive or of another presence', () => {
    const invalid = roster({
      primaryFocalPointId: 'fp-al-primary',
      headOfMissionId: 'nobody',
      absences: [absence({ personId: 'fp-md-backup-1', coveredBy: 'fp-al-primary' })],
    });
    expect(rosterPeopleProblems(invalid, 'osce-presence-md', people)).toEqual([
      { field: 'primaryFocalPointId', reason: 'belongs to osce-presence-al, not to osce-presence-md' },
      { field: 'backupIds.1', reason: 'is not active' },
      { field: 'headOfMissionId', reason: 'no person with this id' },
      { field: 'absences.0.coveredBy', reason: 'belongs to osce-presence-al, not to osce-presence-md' },
    ]);
  });
});

describe(membersOf.name, () => {
  it('lists everyone the roster names once, covers included', () => {
    const members = membersOf(
      roster({ absences: [absence({ coveredBy: 'fp-md-backup-1' }), absence({ personId: 'hom-md', coveredBy: 'md-deputy' })] }),
    );
    expect(members.sort()).toEqual(['fp-md-backup-1', 'fp-md-backup-2', 'fp-md-primary', 'hom-md', 'md-deputy']);
  });
});
