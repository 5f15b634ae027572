import { z } from 'zod';

/**
 * RFC 9457 problem details as ProblemDetailsFilter writes them. Extension members are allowed (the
 * health check's per-dependency `details`, a conflict's `current`), so the object is left open.
 */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), reason: z.string() }))
    .optional()
    .describe('Each field that was refused, and why.'),
  correlationId: z.string().optional().describe('Quote it when reporting a problem: it finds the request in the logs.'),
});

/** The error statuses an operation may document; each answers as `application/problem+json`. */
export const PROBLEM_STATUSES = {
  400: 'The path, query, header or body does not match its schema: `errors` names each field and why.',
  401: 'Missing, expired or invalid bearer token.',
  403: 'The token lacks a role (or, for focal points and partners, the country or organisation) this operation needs.',
  404: 'No such resource, or one the caller may not see.',
  405: 'The path exists but not with this method; `Allow` lists the methods it has.',
  409: 'Conflict with the current state: the id exists already, the revision is stale, or the step is not allowed now.',
  422: 'The request matches the schema but breaks a rule stated in words (a cross-field rule, something that must exist): `errors` names each field.',
  429: 'Too many requests: retry after the `Retry-After` seconds.',
  503: 'A dependency (database, Redis, Kafka, the token key set) is unavailable: retry after the `Retry-After` seconds.',
} as const;
export type ProblemStatus = keyof typeof PROBLEM_STATUSES;
