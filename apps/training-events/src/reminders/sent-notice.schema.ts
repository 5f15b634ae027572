import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { Schema } from 'mongoose';

export const SENT_NOTICE_MODEL = 'TrainingSentNotice';

/**
 * A notice this module sent, keyed by what makes it unique (a reminder's job id, an event's feedback
 * request): inserted together with its event in one write, so a notice goes out once whatever the number
 * of instances, retries or restarts. It holds ids only.
 */
export interface SentNoticeDocument extends WithOutbox {
  _id: string;
  eventId: string;
  kind: 'reminder' | 'feedback-request';
  sentAt: Date;
  /** Who a feedback request went to, so a participant confirmed after it is asked once on their own. */
  recipientIds?: string[];
}

export const sentNoticeSchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    kind: { type: String, required: true },
    sentAt: { type: Date, required: true },
    recipientIds: { type: [String], default: undefined },
  },
  { collection: 'training_sent_notices', versionKey: false },
);
addOutbox(sentNoticeSchema);
