import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type TrainingEventCancelled, type TrainingEventChanged, type TrainingRegistrationConfirmed } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { TrainingEventRepository } from '../events/training-event.repository';
import { ReminderPlanningService } from './reminder-planning.service';

/**
 * Reminders follow the service's own events, which are stored with each change in one write: a crash
 * between a confirmation and its scheduling only delays the scheduling until the event is relayed. Plans
 * read the event's current state, so handling events late or out of order plans the current version.
 */
@Controller()
export class ReminderSchedulerConsumer {
  constructor(
    private readonly planning: ReminderPlanningService,
    private readonly events: TrainingEventRepository,
  ) {}

  @TypedEventPattern(TOPICS.trainingRegistrationConfirmed)
  async confirmed(@Payload() data: TrainingRegistrationConfirmed): Promise<void> {
    await this.planning.plan(data.eventId, data.recipients.personIds);
  }

  /** A new version: everyone confirmed gets the new version's reminders, the previous version's are removed. */
  @TypedEventPattern(TOPICS.trainingEventChanged)
  async changed(@Payload() data: TrainingEventChanged): Promise<void> {
    await this.planning.plan(data.eventId);
    const event = await this.events.findById(data.eventId);
    if (event) await this.planning.remove(event, [data.version - 1], event.seats.confirmed);
  }

  @TypedEventPattern(TOPICS.trainingEventCancelled)
  async cancelled(@Payload() data: TrainingEventCancelled): Promise<void> {
    const event = await this.events.findById(data.eventId);
    if (event)
      await this.planning.remove(
        event,
        [event.version, event.version - 1],
        [...new Set([...event.seats.confirmed, ...data.recipients.personIds])],
      );
  }
}
