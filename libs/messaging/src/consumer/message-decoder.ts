import { eventEnvelopeSchema, type DlqReason, type EventDefinition, type EventEnvelope } from '@ctip/contracts';
import type { z } from 'zod';

export type Decoded = { ok: true; envelope: EventEnvelope } | { ok: false; reason: DlqReason; error: string };

function describe(issues: z.core.$ZodIssue[], prefix = ''): string {
  return issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(message)'}: ${i.message}`).join('; ');
}

/**
 * Turns raw bytes into a trusted envelope, or says why not. Messages are validated at the edge:
 * handlers receive only payloads that match their topic's schema.
 */
export function decodeMessage(value: Buffer | null, definition: EventDefinition | undefined): Decoded {
  if (!definition) return { ok: false, reason: 'unknown-topic', error: 'no event definition for this topic' };
  if (!value || value.length === 0) return { ok: false, reason: 'malformed', error: 'empty message' };
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed', error: 'message is not valid JSON' };
  }
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: 'malformed', error: `envelope: ${describe(envelope.error.issues)}` };
  if (envelope.data.type !== definition.type || envelope.data.version !== definition.version) {
    return {
      ok: false,
      reason: 'invalid-payload',
      error: `event ${envelope.data.type}.v${envelope.data.version} does not belong on ${definition.topic}`,
    };
  }
  const data = definition.schema.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: 'invalid-payload', error: describe(data.error.issues, 'data') };
  return { ok: true, envelope: { ...envelope.data, data: data.data } };
}
