import type { z } from 'zod';

/**
 * A kind of job: its queue, its name and the schema of its data. Job data is validated when the job is
 * added and again when it runs; it carries identifiers, never personal data.
 * Queue names are part of the deployment: renaming one is a migration (jobs wait in the old queue).
 */
export interface JobDefinition<TSchema extends z.ZodType = z.ZodType> {
  queue: string;
  name: string;
  schema: TSchema;
}

export function defineJob<TSchema extends z.ZodType>(queue: string, name: string, schema: TSchema): JobDefinition<TSchema> {
  return { queue, name, schema };
}

/**
 * A deterministic job id: the same logical job always gets the same id, so adding it twice is a no-op
 * while the first exists. BullMQ forbids ':' in custom ids and ids that are only digits.
 */
export function jobId(...parts: (string | number)[]): string {
  const id = parts.map((p) => String(p).replace(/[:\s]/g, '_')).join('-');
  if (/^\d+$/.test(id)) return `job-${id}`;
  return id;
}
