import { attendanceRates, reachesThreshold, type SessionRegister } from './attendance-rate';

describe(attendanceRates.name, () => {
  const registers: SessionRegister[] = [
    { sessionId: 's1', entries: { a: 'present', b: 'present', c: 'excused' } },
    { sessionId: 's2', entries: { a: 'present', b: 'absent' } },
    { sessionId: 's3', entries: { a: 'present', b: 'present', c: 'present' } },
    { sessionId: 's4', entries: { a: 'absent', b: 'present', c: 'present' } },
  ];

  it('rates each participant over the kept registers, counting a missing entry as absent and excused as not present', () => {
    const [a, b, c] = attendanceRates(['a', 'b', 'c'], registers);
    expect(a).toEqual({ participantId: 'a', present: 3, absent: 1, excused: 0, sessions: 4, rate: 0.75 });
    expect(b.rate).toBe(0.75);
    expect(c).toMatchObject({ present: 2, absent: 1, excused: 1, rate: 0.5 });
  });

  it('has no rate before any register is kept', () => {
    expect(attendanceRates(['a'], [])).toEqual([{ participantId: 'a', present: 0, absent: 0, excused: 0, sessions: 0, rate: null }]);
  });
});

describe(reachesThreshold.name, () => {
  it('counts a rate at the threshold as reaching it, and no rate as not', () => {
    expect(reachesThreshold({ rate: 0.75 }, 0.75)).toBe(true);
    expect(reachesThreshold({ rate: 2 / 3 }, 0.75)).toBe(false);
    expect(reachesThreshold({ rate: null }, 0)).toBe(false);
  });
});
