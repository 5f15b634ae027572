import { z } from 'zod';

const personId = z.string().min(1).max(200);

const absenceSchema = z
  .object({
    personId,
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    coveredBy: personId.optional().describe('A fund officer who covers; absent: the next officer on the rota.'),
  })
  .strict();

/**
 * The fast-track's rota: which fund officer is alerted first when an urgent request arrives, who is added
 * at half the SLA, and which head of unit it escalates to. The whole rota is sent each time, with the
 * revision read (none for the first one).
 */
export const putDutyRotaSchema = z
  .object({
    primaryOfficerId: personId.describe('Alerted first, unless absent.'),
    backupIds: z.array(personId).max(20).default([]).describe('In order: stand in for an absent primary; added to the half-SLA reminder.'),
    headOfUnitId: personId.optional().describe('Escalated to when the SLA expires (absent: every head of unit).'),
    absences: z.array(absenceSchema).max(200).default([]),
    revision: z.number().int().min(1).optional().describe('The revision read; omit only for the first rota.'),
  })
  .strict();
export type PutDutyRota = z.output<typeof putDutyRotaSchema>;

export const dutyRotaViewSchema = z.object({
  primaryOfficerId: z.string(),
  backupIds: z.array(z.string()),
  headOfUnitId: z.string().optional(),
  absences: z.array(z.object({ personId: z.string(), from: z.string(), to: z.string(), coveredBy: z.string().optional() })),
  revision: z.number().int(),
});
export type DutyRotaView = z.infer<typeof dutyRotaViewSchema>;

export const onDutyQuerySchema = z.object({ at: z.iso.datetime({ offset: true }).optional().describe('Default: now.') }).strict();

/** Who is alerted at each stage of an urgent request at a moment; `source` says whether the rota decided it. */
export const onDutyViewSchema = z.object({
  at: z.string(),
  source: z.enum(['rota', 'all-officers']),
  requested: z.array(z.string()),
  reminder: z.array(z.string()),
  expired: z.array(z.string()),
});
export type OnDutyView = z.infer<typeof onDutyViewSchema>;
