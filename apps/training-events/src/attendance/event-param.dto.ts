import { z } from 'zod';

/** An event's id in a path (the core's ids: letters, digits, `.`, `_`, `-`). */
export const eventIdParamSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'must be an event id (letters, digits, ., _ or -)')
  .describe('The event’s id.');

export const sessionIdParamSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'must be a session id (letters, digits, ., _ or -)')
  .describe('The session’s id in the event’s agenda.');
