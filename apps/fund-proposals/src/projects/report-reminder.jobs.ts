import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';

/** Queue name is part of the deployment: renaming it strands pending reminders (a migration). */
export const reportReminderJob = defineJob(
  'fund-report-reminders',
  'remind',
  z.object({
    projectId: z.string().min(1),
    reportId: z.string().min(1),
    plan: z.string().min(1),
    step: z.number().int().min(0),
  }),
);

/** One job per report, plan and step: adding it again (a retried job, a second replica) is a no-op. */
export const reportReminderJobId = (projectId: string, reportId: string, plan: string, step: number) =>
  jobId('report-reminder', projectId, reportId, plan, step);
