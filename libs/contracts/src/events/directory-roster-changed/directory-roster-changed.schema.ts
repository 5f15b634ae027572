import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';

export const absenceSchema = z.object({
  personId: z.string().min(1),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  /** Who covers while the person is away; if absent, the next person on the ladder does. */
  coveredBy: z.string().min(1).optional(),
});

/**
 * The duty roster of a field presence: who is alerted first, who backs up, who is the head of mission.
 * Who is on duty at a moment is computed from it (absences and cover included).
 */
export const directoryRosterChangedSchema = z.object({
  organisationId: z.string().min(1),
  primaryFocalPointId: z.string().min(1),
  backupIds: z.array(z.string().min(1)),
  headOfMissionId: z.string().min(1).optional(),
  absences: z.array(absenceSchema),
  revision: z.number().int().min(1),
});
export type DirectoryRosterChanged = z.infer<typeof directoryRosterChangedSchema>;
export type Absence = z.infer<typeof absenceSchema>;

export const directoryRosterChanged = defineEvent('directory.roster.changed.v1', directoryRosterChangedSchema, {
  description:
    "A field presence's duty roster (primary focal point, ordered backups, head of mission, absences) changed; full current state.",
  keyField: 'organisationId',
});
