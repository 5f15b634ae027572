import { Injectable } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { RegistrationRepository } from '../participants/registration.repository';
import { registrationId } from '../participants/registration.schema';
import { reminderRulesOf } from './event-settings';
import { planReminders, reminderIdOf, type ReminderRule } from './reminder-rule';
import { reminderJobId, trainingReminderJob } from './reminder.jobs';

/**
 * Adds and removes the delayed reminder jobs of confirmed participants. Adding is idempotent (the job id
 * names event, participant, version and rule); removing is a saving, not a guarantee: a job that runs
 * anyway finds the version or the seat moved and sends nothing.
 */
@Injectable()
export class ReminderPlanningService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly jobs: JobQueues,
  ) {}

  /** Plans the current version's reminders of these participants (all confirmed when omitted); returns how many jobs. */
  async plan(eventId: string, participantIds?: readonly string[], now = new Date()): Promise<number> {
    const event = await this.events.findById(eventId);
    if (!event || event.state !== 'scheduled') return 0;
    const confirmed = new Set(event.seats.confirmed);
    const targets = (participantIds ?? event.seats.confirmed).filter((id) => confirmed.has(id));
    if (targets.length === 0) return 0;
    const registrations = await this.registrations.findManyByIds(targets.map((id) => registrationId(eventId, id)));
    const rules = reminderRulesOf(event);
    const startsAt = new Date(event.startsAt).toISOString();
    const jobs = registrations.flatMap(({ participantId, participant }) =>
      planReminders(startsAt, participant.timeZone, rules, now).map((reminder) => ({ participantId, reminder })),
    );
    await inBatches(jobs, ({ participantId, reminder }) =>
      this.jobs.add(
        trainingReminderJob,
        { eventId, participantId, version: event.version, reminderId: reminder.reminderId, daysBefore: reminder.daysBefore },
        {
          jobId: reminderJobId(eventId, participantId, event.version, reminder.reminderId),
          // Measured at each add, so a long plan does not push the later reminders back by its own duration.
          delay: Math.max(0, reminder.dueAt.getTime() - Date.now()),
        },
      ),
    );
    return jobs.length;
  }

  /** Removes the pending reminders of these participants for the given versions of the event. */
  async remove(event: TrainingEventDocument, versions: readonly number[], participantIds: readonly string[]): Promise<void> {
    const reminderIds = reminderRulesOf(event).map(reminderIdOf);
    const ids = participantIds.flatMap((participantId) =>
      versions
        .filter((version) => version >= 1)
        .flatMap((version) => reminderIds.map((reminderId) => reminderJobId(event._id, participantId, version, reminderId))),
    );
    await inBatches(ids, (id) => this.jobs.remove(trainingReminderJob, id));
  }

  /**
   * After the event's reminder rules were replaced: the jobs of rules it no longer has go (current and
   * previous version, in case a time change came with it), the new rules' jobs are planned. Called after
   * the write, not from an event: a crash in between leaves the old jobs, which the dispatch finds stale.
   */
  async followRules(eventId: string, previousRules: readonly ReminderRule[]): Promise<void> {
    const event = await this.events.findById(eventId);
    if (!event) return;
    const current = new Set(reminderRulesOf(event).map(reminderIdOf));
    const previous = new Set(previousRules.map(reminderIdOf));
    const dropped = [...previous].filter((id) => !current.has(id));
    if (dropped.length === 0 && [...current].every((id) => previous.has(id))) return;
    const ids = event.seats.confirmed.flatMap((participantId) =>
      [event.version, event.version - 1]
        .filter((version) => version >= 1)
        .flatMap((version) => dropped.map((reminderId) => reminderJobId(eventId, participantId, version, reminderId))),
    );
    await inBatches(ids, (id) => this.jobs.remove(trainingReminderJob, id));
    await this.plan(eventId);
  }

  /** For a withdrawal: the participant's pending reminders of the event's current and previous version. */
  async removeFor(eventId: string, participantId: string): Promise<void> {
    const event = await this.events.findById(eventId);
    if (event) await this.remove(event, [event.version, event.version - 1], [participantId]);
  }
}

/** A conference's thousand participants are planned in a few seconds without flooding Redis with one burst. */
async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<unknown>, size = 50): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}
