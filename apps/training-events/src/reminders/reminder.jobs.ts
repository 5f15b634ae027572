import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';

/** Queue name is part of the deployment: renaming it strands pending reminders (a migration). */
export const trainingReminderJob = defineJob(
  'training-reminders',
  'remind',
  z.object({
    eventId: z.string().min(1),
    participantId: z.string().min(1),
    /** The event's version the reminder was planned for: a later change makes the job do nothing. */
    version: z.number().int().min(1),
    reminderId: z.string().min(1),
    daysBefore: z.number().int().min(0),
  }),
);

/**
 * One job per event version, participant and rule: a redelivered confirmation or a second instance adds
 * nothing new, and a new version's jobs never share an id with the old ones. Ids only, no personal data.
 */
export const reminderJobId = (eventId: string, participantId: string, version: number, reminderId: string) =>
  jobId('reminder', eventId, participantId, `v${version}`, reminderId);
