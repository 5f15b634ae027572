import { Schema } from 'mongoose';
import type { EventEnvelope } from '@ctip/contracts';

/** An event waiting to be published, stored inside the aggregate document that caused it. */
export interface OutboxEntry {
  id: string;
  topic: string;
  envelope: EventEnvelope;
  createdAt: Date;
}

/** A document that carries an outbox; aggregates here are keyed by string ids. */
export interface WithOutbox {
  _id: string;
  outbox: OutboxEntry[];
}

const outboxEntrySchema = new Schema<OutboxEntry>(
  {
    id: { type: String, required: true },
    topic: { type: String, required: true },
    envelope: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * Adds the outbox to an aggregate's schema. The state change and the events it causes are written by
 * one single-document atomic write: no multi-document transaction is needed (the test database has none).
 */
export function addOutbox(schema: Schema): void {
  schema.add({ outbox: { type: [outboxEntrySchema], default: [] } });
  // Serves the sweeper: documents with entries older than the grace period.
  schema.index({ 'outbox.createdAt': 1 });
}
