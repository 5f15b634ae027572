import { ConflictError, InvalidInputError, NotFoundError, UnprocessableError, type FieldProblem } from '@ctip/errors';

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

export function invalidField(field: string, reason: string): InvalidInputError {
  return new InvalidInputError(`invalid ${field}`, [{ field, reason }]);
}
