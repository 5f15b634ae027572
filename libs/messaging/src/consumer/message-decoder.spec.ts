import { randomUUID } from 'node:crypto';
import { defineEvent } from '@ctip/contracts';
import { z } from 'zod';
import { decodeMessage } from './message-decoder';

const definition = defineEvent('case.alert.raised.v1', z.object({ caseId: z.string(), urgency: z.enum(['critical', 'high']) }), {
  description: 'test',
  keyField: 'caseId',
});

const envelope = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'case.alert.raised',
  version: 1,
  source: 'case-coordination',
  occurredAt: new Date().toISOString(),
  key: 'case-1',
  correlationId: 'req-1',
  data: { caseId: 'case-1', urgency: 'critical' },
  ...overrides,
});
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe(decodeMessage.name, () => {
  it('accepts a valid envelope and returns the parsed payload', () => {
    const decoded = decodeMessage(bytes(envelope()), definition);
    expect(decoded).toMatchObject({ ok: true, envelope: { data: { caseId: 'case-1', urgency: 'critical' } } });
  });

  it('calls bytes that are not JSON malformed', () => {
    expect(decodeMessage(Buffer.from('{'), definition)).toEqual({ ok: false, reason: 'malformed', error: 'message is not valid JSON' });
    expect(decodeMessage(null, definition)).toMatchObject({ ok: false, reason: 'malformed', error: 'empty message' });
  });

  it('names the envelope field that is wrong', () => {
    const decoded = decodeMessage(bytes(envelope({ id: 'not-a-uuid' })), definition);
    expect(decoded).toMatchObject({ ok: false, reason: 'malformed' });
    expect(!decoded.ok && decoded.error).toMatch(/^envelope: id: /);
  });

  it('refuses an event of another type on the topic', () => {
    const decoded = decodeMessage(bytes(envelope({ type: 'case.alert.escalated' })), definition);
    expect(decoded).toEqual({
      ok: false,
      reason: 'invalid-payload',
      error: 'event case.alert.escalated.v1 does not belong on case.alert.raised.v1',
    });
  });

  it('names the payload field that is wrong without echoing its value', () => {
    const decoded = decodeMessage(bytes(envelope({ data: { caseId: 'case-1', urgency: 'Olena Petrenko' } })), definition);
    expect(decoded).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(!decoded.ok && decoded.error).toMatch(/^data\.urgency: /);
    expect(!decoded.ok && decoded.error).not.toMatch(/Olena/);
  });

  it('dead-letters a message on a topic without a definition', () => {
    expect(decodeMessage(bytes(envelope()), undefined)).toMatchObject({ ok: false, reason: 'unknown-topic' });
  });
});
