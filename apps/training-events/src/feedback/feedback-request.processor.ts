import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { FeedbackRequestService } from './feedback-request.service';
import { feedbackRequestJob } from './feedback-request.jobs';

@Injectable()
export class FeedbackRequestProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueues,
    private readonly requests: FeedbackRequestService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(feedbackRequestJob, ({ eventId, version }) => this.requests.request(eventId, version), { concurrency: 2 });
  }
}
