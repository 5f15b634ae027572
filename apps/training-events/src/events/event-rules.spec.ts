import { versionedChanges } from './event-changes';
import { eventTimeProblems } from './event-rules';

const event = {
  startsAt: '2010-10-02T09:00:00+05:00',
  endsAt: '2010-10-03T17:00:00+05:00',
  online: false,
  venue: { city: 'Turkmenbashy', country: 'TM', timeZone: 'Asia/Ashgabat' },
  sessions: [{ startsAt: '2010-10-02T09:00:00+05:00', endsAt: '2010-10-02T10:30:00+05:00' }],
};

describe(eventTimeProblems.name, () => {
  it('accepts sessions within the event’s dates', () => expect(eventTimeProblems(event)).toEqual([]));

  it('names the end before the start, and a session outside the dates', () => {
    expect(eventTimeProblems({ ...event, endsAt: '2010-10-02T08:00:00+05:00', sessions: [] })).toEqual([
      { field: 'endsAt', reason: 'must be after startsAt' },
    ]);
    const late = { startsAt: '2010-10-04T09:00:00+05:00', endsAt: '2010-10-04T10:00:00+05:00' };
    expect(eventTimeProblems({ ...event, sessions: [event.sessions[0], late] }).map((p) => p.field)).toEqual([
      'sessions.1.startsAt',
      'sessions.1.endsAt',
    ]);
  });

  it('wants a venue, or online with a time zone; a deadline before the start', () => {
    expect(eventTimeProblems({ ...event, venue: undefined }).map((p) => p.field)).toEqual(['venue']);
    expect(eventTimeProblems({ ...event, venue: undefined, online: true }).map((p) => p.field)).toEqual(['timeZone']);
    expect(eventTimeProblems({ ...event, registrationDeadline: '2010-10-05T00:00:00Z' }).map((p) => p.field)).toEqual([
      'registrationDeadline',
    ]);
  });
});

describe(versionedChanges.name, () => {
  const parts = {
    startsAt: new Date('2010-10-02T04:00:00Z'),
    endsAt: new Date('2010-10-03T12:00:00Z'),
    online: false,
    venue: { city: 'Turkmenbashy', country: 'TM', timeZone: 'Asia/Ashgabat' },
    timeZone: 'Asia/Ashgabat',
    sessions: [
      {
        sessionId: 's1',
        startsAt: new Date('2010-10-02T04:00:00Z'),
        endsAt: new Date('2010-10-02T05:00:00Z'),
        title: { en: 'Opening' },
        trainerIds: [],
      },
    ],
  };

  it('names time, venue and agenda changes, and nothing for the same parts', () => {
    expect(versionedChanges(parts, { ...parts })).toEqual([]);
    expect(versionedChanges(parts, { ...parts, startsAt: new Date('2010-10-02T05:00:00Z') })).toEqual(['time']);
    expect(versionedChanges(parts, { ...parts, venue: { ...parts.venue, name: 'Hotel' } })).toEqual(['venue']);
    expect(versionedChanges(parts, { ...parts, sessions: [{ ...parts.sessions[0], room: 'Hall B' }] })).toEqual(['agenda']);
  });
});
