import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { ReminderDispatchService } from './reminder-dispatch.service';
import { trainingReminderJob } from './reminder.jobs';

@Injectable()
export class ReminderProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueues,
    private readonly dispatch: ReminderDispatchService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(trainingReminderJob, (due) => this.dispatch.remind(due), { concurrency: 10 });
  }
}
