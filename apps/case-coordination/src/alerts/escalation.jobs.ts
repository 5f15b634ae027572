import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';

/** Queue name is part of the deployment: renaming it strands pending escalations (a migration). */
export const escalationJob = defineJob(
  'case-escalations',
  'escalate',
  z.object({ caseId: z.string().min(1), alertId: z.string().min(1), rung: z.number().int().min(0) }),
);

/** One job per alert and rung: scheduling it again (redelivered event, second replica) is a no-op. */
export const escalationJobId = (alertId: string, rung: number) => jobId('escalate', alertId, 'rung', rung);
