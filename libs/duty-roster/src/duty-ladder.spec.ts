import { dutyLadder, type Roster } from './duty-ladder';

const at = new Date('2026-11-23T10:00:00Z');
const away = (personId: string, coveredBy?: string) => ({
  personId,
  from: '2026-11-20T00:00:00Z',
  to: '2026-11-30T00:00:00Z',
  ...(coveredBy ? { coveredBy } : {}),
});
const roster = (overrides: Partial<Roster> = {}): Roster => ({
  primaryFocalPointId: 'primary',
  backupIds: ['backup-1', 'backup-2'],
  headOfMissionId: 'head',
  absences: [],
  ...overrides,
});

describe(dutyLadder.name, () => {
  it('puts the primary focal point on duty, then the backups in order, then the head of mission', () => {
    expect(dutyLadder(roster(), at)).toEqual({ onDuty: 'primary', backups: ['backup-1', 'backup-2'], headOfMission: 'head' });
  });

  it('lets the named cover stand in for an absent primary', () => {
    expect(dutyLadder(roster({ absences: [away('primary', 'cover')] }), at)).toMatchObject({
      onDuty: 'cover',
      backups: ['backup-1', 'backup-2'],
    });
  });

  it('moves the first present backup on duty when the primary is away without cover', () => {
    expect(dutyLadder(roster({ absences: [away('primary')] }), at)).toMatchObject({ onDuty: 'backup-1', backups: ['backup-2'] });
  });

  it('ignores an absence that has ended or not begun', () => {
    const past = { personId: 'primary', from: '2026-01-01T00:00:00Z', to: '2026-01-10T00:00:00Z' };
    expect(dutyLadder(roster({ absences: [past] }), at).onDuty).toBe('primary');
  });

  it('never alerts the same person twice on one ladder', () => {
    const ladder = dutyLadder(roster({ backupIds: ['backup-1', 'primary', 'head'], absences: [away('backup-1', 'primary')] }), at);
    expect(ladder).toEqual({ onDuty: 'primary', backups: [], headOfMission: 'head' });
  });

  it('leaves the ladder empty when everybody is away', () => {
    const absences = ['primary', 'backup-1', 'backup-2', 'head'].map((id) => away(id));
    expect(dutyLadder(roster({ absences }), at)).toEqual({ onDuty: undefined, backups: [], headOfMission: undefined });
  });
});
