import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';

export const URGENT_STAGES = ['reminder', 'expired'] as const;
export type UrgentStage = (typeof URGENT_STAGES)[number];

/** Queue name is part of the deployment: renaming it strands pending reminders (a migration). */
export const urgentEscalationJob = defineJob(
  'fund-urgent-escalations',
  'escalate',
  z.object({ proposalId: z.string().min(1), stage: z.enum(URGENT_STAGES) }),
);

/** One job per urgent request and stage: a redelivered event or a second instance schedules nothing new. */
export const urgentJobId = (proposalId: string, stage: UrgentStage) => jobId('urgent', proposalId, stage);
