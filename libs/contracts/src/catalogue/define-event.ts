import { z } from 'zod';

/** One event type: its versioned topic, its payload schema and a sentence for the catalogue. */
export interface EventDefinition<TTopic extends string = string, TSchema extends z.ZodType = z.ZodType> {
  topic: TTopic;
  type: string;
  version: number;
  schema: TSchema;
  description: string;
  /** Which field of the payload is the aggregate key (the Kafka message key). */
  keyField: string;
}

/** `case.alert.raised.v1` → type `case.alert.raised`, version 1. */
export function defineEvent<const TTopic extends string, TSchema extends z.ZodType>(
  topic: TTopic,
  schema: TSchema,
  meta: { description: string; keyField: string },
): EventDefinition<TTopic, TSchema> {
  const match = /^(.+)\.v(\d+)$/.exec(topic);
  if (!match) throw new Error(`Topic ${topic} must end in .v<version>`);
  return { topic, type: match[1], version: Number(match[2]), schema, ...meta };
}

/** A catalogue maps topic names to definitions; producers and handlers are typed against it. */
export type EventCatalogue = Record<string, EventDefinition>;

export type TopicOf<C extends EventCatalogue> = Extract<keyof C, string>;
export type PayloadOf<C extends EventCatalogue, T extends TopicOf<C>> = z.infer<C[T]['schema']>;

export function defineCatalogue<const D extends readonly EventDefinition[]>(...definitions: D): { [K in D[number] as K['topic']]: K } {
  const catalogue: Record<string, EventDefinition> = {};
  for (const def of definitions) {
    if (catalogue[def.topic]) throw new Error(`Topic ${def.topic} is defined twice`);
    catalogue[def.topic] = def;
  }
  return catalogue as { [K in D[number] as K['topic']]: K };
}
