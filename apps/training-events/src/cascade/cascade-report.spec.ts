import { cascadeReport, downstreamOf, type CascadeEvent } from './cascade-report';

const event = (
  eventId: string,
  cascadeFromEventId: string | undefined,
  startsAt: string,
  extra: Partial<CascadeEvent> = {},
): CascadeEvent => ({
  eventId,
  kind: 'training',
  cascadeFromEventId,
  startsAt,
  cancelled: false,
  ...extra,
});

describe(downstreamOf.name, () => {
  const events = [
    event('tot', undefined, '2026-01-10', { kind: 'training-of-trainers' }),
    event('md-1', 'tot', '2026-03-01', { country: 'MD' }),
    event('al-1', 'tot', '2026-02-01', { country: 'AL', kind: 'training-of-trainers' }),
    event('al-2', 'al-1', '2026-04-01', { country: 'AL' }),
    event('cancelled', 'tot', '2026-02-15', { cancelled: true }),
    event('other', 'elsewhere', '2026-02-15'),
  ];

  it('walks the cascade breadth first with depths, in date order, leaving out cancelled and unrelated events', () => {
    expect(downstreamOf('tot', events).map(({ event: e, depth }) => [e.eventId, depth])).toEqual([
      ['al-1', 1],
      ['md-1', 1],
      ['al-2', 2],
    ]);
  });

  it('stops at a cycle instead of walking it forever', () => {
    const cyclic = [event('a', 'b', '2026-01-01'), event('b', 'a', '2026-01-02')];
    expect(downstreamOf('a', cyclic).map(({ event: e }) => e.eventId)).toEqual(['b']);
  });
});

describe(cascadeReport.name, () => {
  it('counts distinct people by country and audience, a person at two events once', () => {
    const downstream = [
      { event: event('md-1', 'tot', '2026-03-01'), depth: 1 },
      { event: event('md-2', 'md-1', '2026-05-01'), depth: 2 },
    ];
    const reached = new Map([
      [
        'md-1',
        [
          { participantId: 'p1', country: 'MD', audiences: ['law-enforcement'] },
          { participantId: 'p2', country: 'MD', audiences: ['prosecutors', 'judiciary'] },
        ],
      ],
      [
        'md-2',
        [
          { participantId: 'p1', country: 'MD', audiences: ['law-enforcement'] },
          { participantId: 'ext-9', audiences: [] },
        ],
      ],
    ]);
    const report = cascadeReport('tot', downstream, reached);
    expect(report.downstreamEvents.map((e) => [e.eventId, e.depth, e.peopleReached])).toEqual([
      ['md-1', 1, 2],
      ['md-2', 2, 2],
    ]);
    expect(report.peopleReached).toEqual({
      total: 3,
      byCountry: { MD: 2, unknown: 1 },
      byAudience: { 'law-enforcement': 1, prosecutors: 1, judiciary: 1, unspecified: 1 },
    });
    expect(JSON.stringify(report)).not.toMatch(/p1|p2|ext-9/);
  });
});
