import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { reportReminderJob } from './report-reminder.jobs';
import { ReportRemindersService } from './report-reminders.service';

@Injectable()
export class ReportReminderProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueues,
    private readonly reminders: ReportRemindersService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(reportReminderJob, (job) => this.reminders.remind(job), { concurrency: 5 });
  }
}
