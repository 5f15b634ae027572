import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { eventFacts } from '../events/event-facts';
import { TrainingEventRepository } from '../events/training-event.repository';
import { registrationId } from '../participants/registration.schema';
import { reminderRulesOf } from './event-settings';
import { reminderIdOf } from './reminder-rule';
import { reminderJobId } from './reminder.jobs';
import { SentNoticeRepository } from './sent-notice.repository';

export interface DueReminder {
  eventId: string;
  participantId: string;
  version: number;
  reminderId: string;
  daysBefore: number;
}

export type ReminderOutcome = 'sent' | 'already-sent' | 'stale';

/**
 * Sends one due reminder, exactly once: only while the event is scheduled at the version the reminder was
 * planned for, the participant still holds a seat (the event's seat ledger decides) and the rule is still
 * the event's; the `training.reminder.due.v1` entry is inserted with the notice's record under the job id,
 * so a repeated job, a second instance or a restart after the write sends nothing more.
 */
@Injectable()
export class ReminderDispatchService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly notices: SentNoticeRepository,
    private readonly outbox: Outbox,
  ) {}

  async remind(due: DueReminder, now = new Date()): Promise<ReminderOutcome> {
    const event = await this.events.findById(due.eventId);
    if (!event || event.state !== 'scheduled' || event.version !== due.version) return 'stale';
    if (!event.seats.confirmed.includes(due.participantId)) return 'stale';
    if (!reminderRulesOf(event).some((rule) => reminderIdOf(rule) === due.reminderId)) return 'stale';
    const id = reminderJobId(due.eventId, due.participantId, due.version, due.reminderId);
    const entry = this.outbox.entry(TOPICS.trainingReminderDue, {
      ...eventFacts(event),
      registrationId: registrationId(due.eventId, due.participantId),
      reminderId: due.reminderId,
      daysBefore: due.daysBefore,
      recipients: { personIds: [due.participantId] },
      at: now.toISOString(),
    });
    const sent = await this.notices.sendOnce({ _id: id, eventId: due.eventId, kind: 'reminder', sentAt: now }, [entry]);
    return sent ? 'sent' : 'already-sent';
  }
}
