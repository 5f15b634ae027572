import { z } from 'zod';
import { ATTENDANCE_STATUSES } from './attendance-rate';

export const attendanceRegisterInputSchema = z
  .object({
    entries: z
      .array(
        z
          .object({
            participantId: z
              .string()
              .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be a participant id (a directory person id or ext-…)')
              .describe('A participant holding a seat at the event.'),
            status: z.enum(ATTENDANCE_STATUSES),
          })
          .strict(),
      )
      .min(1)
      // 500 entries of the longest ids stay well under the 100 kB request body limit.
      .max(500)
      .superRefine((entries, ctx) => {
        const seen = new Set<string>();
        entries.forEach((entry, index) => {
          if (seen.has(entry.participantId))
            ctx.addIssue({ code: 'custom', path: [index, 'participantId'], message: 'is listed twice in this register' });
          seen.add(entry.participantId);
        });
      })
      .describe('The whole register of the session: it replaces what was kept before; a participant left out counts as absent.'),
  })
  .strict();
export type AttendanceRegisterInput = z.output<typeof attendanceRegisterInputSchema>;

export const sessionRegisterViewSchema = z.object({
  eventId: z.string(),
  sessionId: z.string(),
  entries: z.array(z.object({ participantId: z.string(), status: z.enum(ATTENDANCE_STATUSES) })),
  recordedAt: z.string(),
});
export type SessionRegisterView = z.output<typeof sessionRegisterViewSchema>;

export const attendanceViewSchema = z.object({
  eventId: z.string(),
  /** Sessions in the agenda, and those whose register was kept (the rate's denominator). */
  sessions: z.number().int(),
  sessionsKept: z.number().int(),
  threshold: z.number().describe('The share of kept sessions a certificate needs (the event’s, default 0.75).'),
  participants: z.array(
    z.object({
      participantId: z.string(),
      present: z.number().int(),
      absent: z.number().int(),
      excused: z.number().int(),
      sessions: z.number().int(),
      rate: z.number().nullable().describe('present / sessions kept; null before any register is kept.'),
      reachesThreshold: z.boolean(),
    }),
  ),
});
export type AttendanceView = z.output<typeof attendanceViewSchema>;
