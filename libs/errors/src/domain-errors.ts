/** One refused field: its path in the input (`budget.lines.0.amount`) and why, never its value. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * What a service says when a request or an event cannot be carried out. Services throw these, never
 * HTTP exceptions: the HTTP layer maps them to RFC 9457 problem details (404, 409, 422, 403, 400) and the
 * event consumer dead-letters them at once, since retrying cannot change the answer.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not-found' | 'conflict' | 'unprocessable' | 'forbidden' | 'invalid';
}

/** The thing does not exist, or the caller may not know that it does (404). */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  readonly kind = 'not-found';
}

/**
 * The request conflicts with the current state: a stale revision, an illegal transition, a quota or an
 * envelope exhausted (409). `current` names what the caller needs to decide again (the current state or
 * revision, what is still available), and is sent to the caller: no personal data in it.
 */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
  readonly kind = 'conflict';
  constructor(
    message: string,
    readonly current: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Well-formed but refers to what cannot be used: an unknown organisation, country or partner (422). */
export class UnprocessableError extends DomainError {
  override name = 'UnprocessableError';
  readonly kind = 'unprocessable';
  constructor(
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** The caller is known but may not do this (403). */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  readonly kind = 'forbidden';
}

/** Input that fails validation outside a schema pipe, e.g. a header (400). */
export class InvalidInputError extends DomainError {
  override name = 'InvalidInputError';
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** `field: reason; field: reason`, the text a dead-letter header or a log line carries. */
export function describeDomainError(error: DomainError): string {
  const fields = 'errors' in error && Array.isArray(error.errors) ? (error.errors as FieldProblem[]) : [];
  return fields.length > 0 ? fields.map((p) => `${p.field}: ${p.reason}`).join('; ') : error.message;
}
