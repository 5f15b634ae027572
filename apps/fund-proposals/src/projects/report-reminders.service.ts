import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { JobQueues } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import type { z } from 'zod';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { FundDirectory } from '../directory-view/fund-directory';
import { isOwed } from './project-access.policy';
import { ProjectRepository } from './project.repository';
import type { ProjectDocument, ProjectReport, ReportReminders } from './project.schema';
import { firstStep, nextStep, reminderKind, stepAt, type ReminderTiming } from './reminder-plan';
import { reportReminderJob, reportReminderJobId } from './report-reminder.jobs';

type ReminderJob = z.output<typeof reportReminderJob.schema>;

/**
 * Reminders of owed reports: one delayed job at a time per report, each job adding the next one. A job
 * carries its plan's token and step; it reminds only if the report is still owed under that plan and the
 * step was not sent yet, so a job of an old plan (changed due date), a repeated job or a late one sends
 * nothing twice — a late one skips the notices it missed.
 */
@Injectable()
export class ReportRemindersService {
  private readonly timing: ReminderTiming;

  constructor(
    private readonly projects: ProjectRepository,
    private readonly jobs: JobQueues,
    private readonly outbox: Outbox,
    private readonly directory: FundDirectory,
    private readonly logger: PinoLogger,
    @Inject(FUND_CONFIG) config: FundProposalsConfig,
  ) {
    this.timing = { leadMs: config.FUND_REPORT_REMINDER_LEAD_MS, everyMs: config.FUND_REPORT_OVERDUE_EVERY_MS };
  }

  /** A new plan for a report due on `dueOn` (new, rescheduled or reopened); keeps the count of reminders sent. */
  freshPlan(dueOn: string, previous?: ReportReminders, now = Date.now()): ReportReminders {
    return { plan: randomUUID(), lastStep: -1, nextStep: firstStep(dueOn, now, this.timing), sent: previous?.sent ?? 0 };
  }

  /** Adds the job of the report's next step (idempotent: the job id is the plan and step). */
  async schedule(projectId: string, report: ProjectReport): Promise<void> {
    const { plan, nextStep: step } = report.reminders;
    const delay = Math.max(0, stepAt(report.dueOn, step, this.timing) - Date.now());
    await this.jobs.add(
      reportReminderJob,
      { projectId, reportId: report.reportId, plan, step },
      { jobId: reportReminderJobId(projectId, report.reportId, plan, step), delay },
    );
  }

  /** Removes the pending job of a report; one that is already running finds nothing to do. */
  async cancel(projectId: string, report: ProjectReport): Promise<void> {
    const { plan, nextStep: step } = report.reminders;
    await this.jobs.remove(reportReminderJob, reportReminderJobId(projectId, report.reportId, plan, step));
  }

  /** Runs when a reminder job is due. */
  async remind(job: ReminderJob): Promise<'sent' | 'nothing-to-do'> {
    const project = await this.projects.findById(job.projectId);
    const current = project && this.current(project, job);
    if (!project || !current) return 'nothing-to-do';
    const recipients = (await this.directory.peopleOf(project.organisationId, 'fund-contact')).map((p) => p.personId);
    if (recipients.length === 0 && project.submittedBy) recipients.push(project.submittedBy);
    if (recipients.length === 0) {
      this.logger.warn({ projectId: project._id, reportId: job.reportId }, 'no fund contact to remind of a report');
      return 'nothing-to-do';
    }
    const outcome = await this.projects.modify(job.projectId, (latest) => {
      const report = this.current(latest, job);
      if (!report || job.step <= report.reminders.lastStep) return { change: null, result: report ? { report, sent: false } : null };
      const now = new Date();
      const reminders: ReportReminders = {
        ...report.reminders,
        lastStep: job.step,
        nextStep: nextStep(report.dueOn, job.step, now.getTime(), this.timing),
        sent: report.reminders.sent + 1,
      };
      const reminded: ProjectReport = { ...report, reminders };
      const event = this.outbox.entry(TOPICS.fundReminderDue, {
        proposalId: latest.proposalId,
        proposalRef: latest.proposalRef,
        title: latest.title,
        organisationId: latest.organisationId,
        countries: latest.countries,
        reminder: reminderKind(job.step),
        obligationId: `${latest._id}/${report.reportId}`,
        report: report.kind,
        dueOn: new Date(report.dueOn).toISOString(),
        sequence: reminders.sent,
        recipients: { personIds: recipients },
        remindedAt: now.toISOString(),
      });
      return {
        change: { set: { reports: latest.reports.map((r) => (r.reportId === report.reportId ? reminded : r)) }, events: [event] },
        result: { report: reminded, sent: true },
      };
    });
    // Also after a retried job whose write had landed: the next job must exist whatever happened before.
    if (outcome && outcome.report.reminders.lastStep >= job.step) await this.schedule(job.projectId, outcome.report);
    return outcome?.sent ? 'sent' : 'nothing-to-do';
  }

  private current(project: ProjectDocument, job: ReminderJob): ProjectReport | undefined {
    if (project.status !== 'active') return undefined;
    const report = project.reports.find((r) => r.reportId === job.reportId);
    return report && isOwed(report) && report.reminders.plan === job.plan ? report : undefined;
  }
}
