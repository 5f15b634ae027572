import { z } from 'zod';
import { deadLetterTopicOf, eventEnvelopeSchema } from '../envelope/envelope.schema';
import type { EventCatalogue } from './define-event';

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * Renders the event catalogue as Markdown (docs/events.md). A unit test compares the committed file
 * with this output, so the document cannot drift from the schemas.
 */
export function renderCatalogue(catalogue: EventCatalogue): string {
  const topics = Object.values(catalogue).sort((a, b) => a.topic.localeCompare(b.topic));
  const lines = [
    '# Event catalogue',
    '',
    '<!-- Generated from libs/contracts by `npm run docs:events`; a test fails when it drifts. -->',
    '',
    'Every event is a fact in the past tense, published to a versioned topic inside one envelope.',
    'The Kafka message key is the envelope `key` (the aggregate id), so one aggregate stays in order.',
    'Each topic has a dead-letter topic `<topic>.dlq` carrying the original message, its headers and the reason.',
    'No event carries personal data of a victim: alerts carry a case reference, urgency, countries and needed services.',
    '',
    '| topic | key | dead-letter topic | meaning |',
    '| --- | --- | --- | --- |',
    ...topics.map((d) => `| \`${d.topic}\` | \`${d.keyField}\` | \`${deadLetterTopicOf(d.topic)}\` | ${d.description} |`),
    '',
    '## Envelope',
    '',
    '```json',
    json(z.toJSONSchema(eventEnvelopeSchema, { unrepresentable: 'any' })),
    '```',
    '',
  ];
  for (const d of topics) {
    lines.push(
      `## \`${d.topic}\``,
      '',
      `${d.description} Envelope \`type\` is \`${d.type}\`, \`version\` is ${d.version}, \`key\` is the payload's \`${d.keyField}\`.`,
      '',
      '```json',
      json(z.toJSONSchema(d.schema, { unrepresentable: 'any' })),
      '```',
      '',
    );
  }
  return lines.join('\n');
}
