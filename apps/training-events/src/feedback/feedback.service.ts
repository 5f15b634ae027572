import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Principal } from '@ctip/auth';
import { ConflictError, ForbiddenError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { deterministicUuid, isDuplicateKeyError } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { requireEvent, requireManager } from '../attendance/event-access';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import type { FeedbackAnswer, FeedbackReceipt } from './feedback.dto';
import { FEEDBACK_MODEL, type FeedbackDocument } from './feedback.schema';
import { summariseFeedback, type FeedbackReport } from './feedback-report';

/** The survey after an event: answered once by each confirmed participant, reported without names. */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectModel(FEEDBACK_MODEL) private readonly feedback: Model<FeedbackDocument>,
    private readonly events: TrainingEventRepository,
  ) {}

  async answer(
    eventId: string,
    answer: FeedbackAnswer,
    principal: Principal,
    key: string | undefined,
    now = new Date(),
  ): Promise<{ receipt: FeedbackReceipt; created: boolean }> {
    const event = requireEvent(await this.events.findById(eventId), eventId);
    if (!event.seats.confirmed.includes(principal.subject))
      throw new ForbiddenError(`only participants who held a seat at event ${eventId} answer its survey`);
    requireEnded(event, now, 'is answered');
    const id = deterministicUuid('training-feedback', `${eventId}/${principal.subject}`);
    const idempotencyKey = key === undefined ? undefined : scopedIdempotencyKey(principal.subject, key);
    try {
      await this.feedback.create({ _id: id, eventId, ...answer, ...(idempotencyKey ? { idempotencyKey } : {}), answeredAt: now });
      return { receipt: { eventId, answeredAt: now.toISOString() }, created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const first = await this.feedback.findById(id).lean<FeedbackDocument>().exec();
    const answeredAt = new Date(first!.answeredAt).toISOString();
    if (idempotencyKey !== undefined && first?.idempotencyKey === idempotencyKey)
      return { receipt: { eventId, answeredAt }, created: false };
    throw new ConflictError(`you answered the survey of event ${eventId} already; it is answered once`, { answeredAt });
  }

  async report(eventId: string, principal: Principal, now = new Date()): Promise<FeedbackReport> {
    const event = requireEvent(await this.events.findById(eventId), eventId);
    requireManager(event, principal);
    requireEnded(event, now, 'is reported');
    const answers = await this.feedback
      .find({ eventId })
      .select({ _id: 0, usefulness: 1, relevance: 1, organisation: 1, comment: 1 })
      .lean<FeedbackDocument[]>()
      .exec();
    return summariseFeedback(eventId, answers, event.seats.confirmed.length);
  }
}

function requireEnded(event: TrainingEventDocument, now: Date, what: string): void {
  if (event.state === 'cancelled')
    throw new ConflictError(`event ${event._id} was cancelled: its survey ${what} never`, { state: 'cancelled' });
  const endsAt = new Date(event.endsAt);
  if (now < endsAt)
    throw new ConflictError(`the survey of event ${event._id} ${what} only after the event ends (${endsAt.toISOString()})`, {
      endsAt: endsAt.toISOString(),
    });
}
