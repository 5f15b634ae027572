import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { eventFacts } from '../events/event-facts';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { SentNoticeRepository } from '../reminders/sent-notice.repository';

/** The contract's limit of recipients in one notice. */
const RECIPIENTS_PER_NOTICE = 5_000;

type Outcome = 'sent' | 'already-sent' | 'stale';

/**
 * Asks the confirmed participants for feedback when the event has ended, once per event: the notice's
 * record (with its recipients) and its events are one insert keyed by the event id. A job of an older
 * version, of a cancelled event or running before the end does nothing. A seat confirmed after that
 * request gets one of its own, once.
 */
@Injectable()
export class FeedbackRequestService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly notices: SentNoticeRepository,
    private readonly outbox: Outbox,
  ) {}

  async request(eventId: string, version: number, now = new Date()): Promise<Outcome> {
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
      { _id: eventRequestId(eventId), eventId, kind: 'feedback-request', sentAt: now, recipientIds: [...confirmed] },
      entries,
    );
    return sent ? 'sent' : 'already-sent';
  }

  /**
   * For a seat confirmed after the end (a late registration, or a redelivered confirmation). The event's
   * request is tried first: sent now, it reads the seats after this confirmation and includes them; sent
   * before, its recorded recipients tell whether they were asked, and if not they get their own request,
   * keyed by event and participant. A request recorded without recipients (before they were kept) counts
   * as not including them.
   */
  async requestLate(eventId: string, participantIds: readonly string[], now = new Date()): Promise<Outcome[]> {
    const event = await this.events.findById(eventId);
    if (!event || event.state !== 'scheduled' || now < new Date(event.endsAt)) return participantIds.map(() => 'stale');
    const seated = new Set(event.seats.confirmed);
    if (!participantIds.some((id) => seated.has(id))) return participantIds.map(() => 'stale');
    if ((await this.request(eventId, event.version, now)) === 'sent')
      return participantIds.map((id) => (seated.has(id) ? 'sent' : 'stale'));
    const asked = new Set((await this.notices.recipientsOf(eventRequestId(eventId))) ?? []);
    const outcomes: Outcome[] = [];
    for (const participantId of participantIds) {
      if (!seated.has(participantId)) outcomes.push('stale');
      else if (asked.has(participantId)) outcomes.push('already-sent');
      else outcomes.push(await this.requestOwn(event, participantId, now));
    }
    return outcomes;
  }

  private async requestOwn(event: TrainingEventDocument, participantId: string, now: Date): Promise<Outcome> {
    const entry = this.outbox.entry(TOPICS.trainingFeedbackRequested, {
      ...eventFacts(event),
      recipients: { personIds: [participantId] },
      at: now.toISOString(),
    });
    const id = `${eventRequestId(event._id)}:${participantId}`;
    const sent = await this.notices.sendOnce(
      { _id: id, eventId: event._id, kind: 'feedback-request', sentAt: now, recipientIds: [participantId] },
      [entry],
    );
    return sent ? 'sent' : 'already-sent';
  }
}

const eventRequestId = (eventId: string) => `feedback-request-${eventId}`;
