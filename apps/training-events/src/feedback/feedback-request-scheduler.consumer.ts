import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type TrainingEventCancelled, type TrainingEventChanged, type TrainingRegistrationConfirmed } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { JobQueues } from '@ctip/scheduling';
import { feedbackRequestJob, feedbackRequestJobId } from './feedback-request.jobs';
import { FeedbackRequestService } from './feedback-request.service';

/**
 * Schedules the feedback request at the event's end from the service's own events: the first confirmed
 * seat schedules it (later ones add nothing: same job id), a change of time schedules the new version's
 * and removes the old one, a cancellation removes it. A seat confirmed once the event has ended gets its
 * request at once (the event's job may have run without it).
 */
@Controller()
export class FeedbackRequestSchedulerConsumer {
  constructor(
    private readonly jobs: JobQueues,
    private readonly requests: FeedbackRequestService,
  ) {}

  @TypedEventPattern(TOPICS.trainingRegistrationConfirmed)
  async confirmed(@Payload() data: TrainingRegistrationConfirmed): Promise<void> {
    if (Date.parse(data.calendar.endsAt) > Date.now()) return this.schedule(data.eventId, data.version, data.calendar.endsAt);
    await this.requests.requestLate(data.eventId, data.recipients.personIds);
  }

  @TypedEventPattern(TOPICS.trainingEventChanged)
  async changed(@Payload() data: TrainingEventChanged): Promise<void> {
    await this.schedule(data.eventId, data.version, data.calendar.endsAt);
    await this.jobs.remove(feedbackRequestJob, feedbackRequestJobId(data.eventId, data.version - 1));
  }

  @TypedEventPattern(TOPICS.trainingEventCancelled)
  async cancelled(@Payload() data: TrainingEventCancelled): Promise<void> {
    await this.jobs.remove(feedbackRequestJob, feedbackRequestJobId(data.eventId, data.version));
  }

  private async schedule(eventId: string, version: number, endsAt: string): Promise<void> {
    await this.jobs.add(
      feedbackRequestJob,
      { eventId, version },
      { jobId: feedbackRequestJobId(eventId, version), delay: Math.max(0, Date.parse(endsAt) - Date.now()) },
    );
  }
}
