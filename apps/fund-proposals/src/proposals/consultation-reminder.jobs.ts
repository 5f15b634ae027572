import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';

/** Queue name is part of the deployment: renaming it strands pending reminders (a migration). */
export const consultationReminderJob = defineJob(
  'fund-consultation-reminders',
  'revision-pending',
  z.object({ proposalId: z.string().min(1), version: z.number().int().min(1) }),
);

/** One reminder per revision request (made on one version): scheduling it again is a no-op. */
export const consultationReminderJobId = (proposalId: string, version: number) => jobId('revision-pending', proposalId, 'v', version);
