import { directoryRosterChangedSchema } from '@ctip/contracts';
import { z } from 'zod';
import { directoryIdSchema, revisionSchema } from '../common/directory-fields';
import { rosterShapeProblems } from './roster-rules';

const absenceInputSchema = z.object({
  personId: directoryIdSchema.describe('The primary focal point, a backup or the head of mission.'),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }).describe('Exclusive; must be after `from`.'),
  coveredBy: directoryIdSchema.optional().describe('Any active person of the presence who stands in meanwhile.'),
});

export const putRosterSchema = z
  .object({
    organisationId: directoryIdSchema.optional().describe('If given, must be the presence id in the path.'),
    primaryFocalPointId: directoryIdSchema,
    backupIds: z.array(directoryIdSchema).max(10).default([]).describe('In the order they are alerted.'),
    headOfMissionId: directoryIdSchema.optional(),
    absences: z.array(absenceInputSchema).max(200).default([]),
    revision: revisionSchema.optional().describe('The revision you read; leave it out to create the roster. A stale one answers 409.'),
  })
  .superRefine((roster, ctx) => {
    for (const problem of rosterShapeProblems(roster)) {
      const path = problem.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      ctx.addIssue({ code: 'custom', path, message: problem.reason });
    }
  });
export type PutRoster = z.output<typeof putRosterSchema>;

export const onDutyQuerySchema = z.object({
  at: z.iso.datetime({ offset: true }).optional().describe('The moment to ask about; now if left out.'),
});
export type OnDutyQuery = z.output<typeof onDutyQuerySchema>;

export const rosterViewSchema = directoryRosterChangedSchema;
export type RosterView = z.output<typeof rosterViewSchema>;

/** Who someone on duty is, without any contact details. */
const dutyPersonSchema = z.object({ personId: z.string(), displayName: z.string(), languages: z.array(z.string()) });
export type DutyPerson = z.output<typeof dutyPersonSchema>;

export const onDutyViewSchema = z.object({
  organisationId: z.string(),
  at: z.string().describe('The moment the ladder was computed for.'),
  rosterRevision: z.number().int(),
  onDuty: dutyPersonSchema.nullable().describe('Alerted first: the primary focal point, their cover, or the first backup present.'),
  backups: z.array(dutyPersonSchema).describe('Alerted next, in order, when nobody acknowledges.'),
  headOfMission: dutyPersonSchema.nullable(),
});
export type OnDutyView = z.output<typeof onDutyViewSchema>;
