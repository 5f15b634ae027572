import { planAlerts, type DirectorySnapshot, type RoutableCase } from './alert-routing';

const at = new Date('2026-11-23T10:00:00Z');

function directory(overrides: Partial<DirectorySnapshot> = {}): DirectorySnapshot {
  return {
    organisations: [
      { organisationId: 'presence-md', kind: 'field-presence', country: 'MD', countriesCovered: ['MD'], services: [], active: true },
      { organisationId: 'presence-al', kind: 'field-presence', country: 'AL', countriesCovered: ['AL'], services: [], active: true },
      { organisationId: 'odihr-atu', kind: 'coordination-unit', country: 'PL', countriesCovered: [], services: [], active: true },
      {
        organisationId: 'shelter-al',
        kind: 'partner',
        country: 'AL',
        countriesCovered: ['AL'],
        services: ['shelter', 'medical'],
        active: true,
      },
      { organisationId: 'lawyers-md', kind: 'partner', country: 'MD', countriesCovered: ['MD'], services: ['legal-aid'], active: true },
    ],
    rosters: [
      { organisationId: 'presence-md', primaryFocalPointId: 'md-1', backupIds: ['md-2'], headOfMissionId: 'md-head', absences: [] },
      { organisationId: 'presence-al', primaryFocalPointId: 'al-1', backupIds: ['al-2', 'al-3'], headOfMissionId: 'al-head', absences: [] },
    ],
    peopleByOrganisation: new Map([
      ['odihr-atu', ['coord-1', 'coord-2']],
      ['shelter-al', ['shelter-staff']],
      ['lawyers-md', ['lawyer']],
    ]),
    ...overrides,
  };
}

const crossBorder: RoutableCase = {
  urgency: 'critical',
  countries: [
    { country: 'AL', role: 'found' },
    { country: 'MD', role: 'origin' },
  ],
  servicesNeeded: ['shelter', 'legal-aid'],
  consentToShareWithPartners: true,
};

describe(planAlerts.name, () => {
  it('alerts the on-duty focal point of every involved presence, the coordination unit for a critical case, and partners where the person is', () => {
    const plans = planAlerts(crossBorder, directory(), at);
    expect(plans.map((p) => [p.kind, p.organisationId, p.rungs[0]])).toEqual([
      ['focal-point', 'presence-al', ['al-1']],
      ['focal-point', 'presence-md', ['md-1']],
      ['coordination-unit', 'odihr-atu', ['coord-1', 'coord-2']],
      ['partner', 'shelter-al', ['shelter-staff']],
    ]);
  });

  it('escalates a presence from its focal point to the backups, the head of mission, then the coordination unit', () => {
    const [al] = planAlerts(crossBorder, directory(), at);
    expect(al.rungs).toEqual([['al-1'], ['al-2', 'al-3'], ['al-head'], ['coord-1', 'coord-2']]);
  });

  it('does not alert the coordination unit for a high case when every country has a focal point on duty', () => {
    const plans = planAlerts({ ...crossBorder, urgency: 'high' }, directory(), at);
    expect(plans.map((p) => p.kind)).not.toContain('coordination-unit');
  });

  it('alerts the coordination unit when an involved country has no field presence', () => {
    const plans = planAlerts({ ...crossBorder, urgency: 'normal', countries: [{ country: 'DE', role: 'destination' }] }, directory(), at);
    expect(plans).toEqual([expect.objectContaining({ kind: 'coordination-unit', reason: 'no focal point on duty for DE' })]);
  });

  it('alerts the coordination unit when nobody of a presence is on duty', () => {
    const away = (personId: string) => ({ personId, from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    const rosters = directory().rosters.map((r) =>
      r.organisationId === 'presence-md' ? { ...r, absences: ['md-1', 'md-2', 'md-head'].map(away) } : r,
    );
    const plans = planAlerts({ ...crossBorder, urgency: 'high' }, directory({ rosters }), at);
    expect(plans.map((p) => p.organisationId)).toEqual(['presence-al', 'odihr-atu', 'shelter-al']);
    expect(plans[1].reason).toBe('no focal point on duty for MD');
  });

  it('alerts no partner without consent to share', () => {
    const plans = planAlerts({ ...crossBorder, consentToShareWithPartners: false }, directory(), at);
    expect(plans.map((p) => p.kind)).not.toContain('partner');
  });

  it('alerts partners in the destination when the place where the person was found is not known', () => {
    const plans = planAlerts({ ...crossBorder, countries: [{ country: 'MD', role: 'destination' }] }, directory(), at);
    expect(plans.filter((p) => p.kind === 'partner').map((p) => p.organisationId)).toEqual(['lawyers-md']);
  });

  it('skips inactive organisations', () => {
    const organisations = directory().organisations.map((o) => (o.organisationId === 'presence-al' ? { ...o, active: false } : o));
    const plans = planAlerts({ ...crossBorder, urgency: 'normal' }, directory({ organisations }), at);
    expect(plans.find((p) => p.organisationId === 'presence-al')).toBeUndefined();
    expect(plans.find((p) => p.kind === 'coordination-unit')?.reason).toBe('no focal point on duty for AL');
  });

  it('alerts both presences if the directory ever lists two for one country, rather than guessing', () => {
    const organisations = [
      ...directory().organisations,
      {
        organisationId: 'presence-md-2',
        kind: 'field-presence' as const,
        country: 'MD',
        countriesCovered: ['MD'],
        services: [],
        active: true,
      },
    ];
    const rosters = [
      ...directory().rosters,
      { organisationId: 'presence-md-2', primaryFocalPointId: 'md2-1', backupIds: [], absences: [] },
    ];
    const plans = planAlerts({ ...crossBorder, urgency: 'high' }, directory({ organisations, rosters }), at);
    expect(plans.filter((p) => p.kind === 'focal-point').map((p) => p.organisationId)).toEqual([
      'presence-al',
      'presence-md',
      'presence-md-2',
    ]);
  });
});
