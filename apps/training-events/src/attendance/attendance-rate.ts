export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** One session's register as kept: participant id → status. */
export interface SessionRegister {
  sessionId: string;
  entries: Record<string, AttendanceStatus>;
}

export interface ParticipantAttendance {
  participantId: string;
  present: number;
  absent: number;
  excused: number;
  /** Sessions whose register was kept. */
  sessions: number;
  /** present / sessions kept, 0–1 with 4 decimals; null before any register is kept. */
  rate: number | null;
}

/**
 * Attendance per participant over the sessions whose register the organiser kept: a session without a
 * register does not count against anyone, an excused absence counts as not present (a certificate
 * attests attendance), and a participant missing from a kept register counts as absent.
 */
export function attendanceRates(participantIds: readonly string[], registers: readonly SessionRegister[]): ParticipantAttendance[] {
  return participantIds.map((participantId) => {
    const counts = { present: 0, absent: 0, excused: 0 };
    for (const register of registers) counts[register.entries[participantId] ?? 'absent'] += 1;
    const sessions = registers.length;
    const rate = sessions === 0 ? null : Math.round((counts.present / sessions) * 10_000) / 10_000;
    return { participantId, ...counts, sessions, rate };
  });
}

/** Whether an attendance reaches the threshold a certificate needs (at or above it). */
export const reachesThreshold = (attendance: Pick<ParticipantAttendance, 'rate'>, threshold: number) =>
  attendance.rate !== null && attendance.rate + 1e-9 >= threshold;
