import { Schema } from 'mongoose';

export const FEEDBACK_MODEL = 'TrainingFeedback';

/**
 * One participant's answer to an event's survey. `_id` derives from event and participant, so a second
 * answer collides on the primary key; the participant id itself is not stored with the answers, and
 * reports never show either.
 */
export interface FeedbackDocument {
  _id: string;
  eventId: string;
  usefulness: number;
  relevance: number;
  organisation: number;
  comment?: string;
  /** The caller-scoped Idempotency-Key of the request that answered, so its retry gets the same answer. */
  idempotencyKey?: string;
  answeredAt: Date;
}

export const feedbackSchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    usefulness: { type: Number, required: true },
    relevance: { type: Number, required: true },
    organisation: { type: Number, required: true },
    comment: { type: String },
    idempotencyKey: { type: String },
    answeredAt: { type: Date, required: true },
  },
  { collection: 'training_feedback', versionKey: false },
);
// Serves the event's feedback report (per request, never per event; a scan on the test database).
feedbackSchema.index({ eventId: 1 });
