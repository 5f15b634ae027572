import { ConflictError, NotFoundError, UnprocessableError, type FieldProblem } from '@ctip/errors';

export function notFound(what: string, id: string): NotFoundError {
  return new NotFoundError(`no ${what} with id ${id}`);
}

export function noRosterYet(presenceId: string): ConflictError {
  return new ConflictError(`${presenceId} has no roster yet: leave out revision to create it`, { revision: null });
}

/** The body is well-formed but names things that do not exist or cannot be used here. */
export function unprocessable(detail: string, errors: FieldProblem[] = []): UnprocessableError {
  return new UnprocessableError(detail, errors);
}

/** A field that fits the schema but contradicts the request (an id other than the path's): 422, as the pipe answers such rules. */
export function invalidField(field: string, reason: string): UnprocessableError {
  return new UnprocessableError(`invalid ${field}`, [{ field, reason }]);
}
