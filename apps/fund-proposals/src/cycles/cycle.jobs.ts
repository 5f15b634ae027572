import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';

const cycleJobData = z.object({ cycleId: z.string().regex(/^\d{4}-Q[1-4]$/) });

/** Queue names are part of the deployment: renaming one strands pending closes (a migration). */
export const closeCycleJob = defineJob('fund-cycle-close', 'close', cycleJobData);
export const confirmSlateJob = defineJob('fund-slate-confirm', 'confirm', cycleJobData);

/** One close job per cycle: each instance adds it at start and at creation; BullMQ keeps one. */
export const closeJobId = (cycleId: string) => jobId('close', cycleId);
export const confirmJobId = (cycleId: string) => jobId('confirm', cycleId);
