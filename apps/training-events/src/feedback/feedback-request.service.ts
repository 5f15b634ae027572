import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { eventFacts } from '../events/event-facts';
import { TrainingEventRepository } from '../events/training-event.repository';
import { SentNoticeRepository } from '../reminders/sent-notice.repository';

/** The contract's limit of recipients in one notice. */
const RECIPIENTS_PER_NOTICE = 5_000;

/**
 * Asks the confirmed participants for feedback when the event has ended, once per event: the notice's
 * record and its events are one insert keyed by the event id. A job of an older version, of a cancelled
 * event or running before the end does nothing.
 */
@Injectable()
export class FeedbackRequestService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly notices: SentNoticeRepository,
    private readonly outbox: Outbox,
  ) {}

  async request(eventId: string, version: number, now = new Date()): Promise<'sent' | 'already-sent' | 'stale'> {
    const event = await this.events.findById(eventId);
    if (!event || event.state !== 'scheduled' || event.version !== version) return 'stale';
    if (now < new Date(event.endsAt)) return 'stale';
    const confirmed = event.seats.confirmed;
    const entries = [];
    for (let i = 0; i < confirmed.length; i += RECIPIENTS_PER_NOTICE) {
      const personIds = confirmed.slice(i, i + RECIPIENTS_PER_NOTICE);
      entries.push(
        this.outbox.entry(TOPICS.trainingFeedbackRequested, { ...eventFacts(event), recipients: { personIds }, at: now.toISOString() }),
      );
    }
    const sent = await this.notices.sendOnce(
      { _id: `feedback-request-${eventId}`, eventId, kind: 'feedback-request', sentAt: now },
      entries,
    );
    return sent ? 'sent' : 'already-sent';
  }
}
