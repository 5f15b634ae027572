import { ConflictException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { FieldProblem } from '@ctip/http';

export function notFound(what: string, id: string): NotFoundException {
  return new NotFoundException({ title: 'Not found', detail: `no ${what} with id ${id}` });
}

/** Optimistic concurrency: the client changed a state that someone else changed after it was read. */
export function revisionConflict(what: string, id: string, current: number, sent: number | undefined): ConflictException {
  const based = sent === undefined ? 'no revision' : `revision ${sent}`;
  return new ConflictException({
    title: 'Revision conflict',
    detail: `${what} ${id} is at revision ${current} but the request was based on ${based}: read it again, reapply the change and send revision ${current}`,
    currentRevision: current,
  });
}

export function concurrentChange(what: string, id: string): ConflictException {
  return new ConflictException({
    title: 'Revision conflict',
    detail: `${what} ${id} was changed by another request at the same moment: read it again and reapply the change`,
  });
}

export function noRosterYet(presenceId: string): ConflictException {
  return new ConflictException({ title: 'Revision conflict', detail: `${presenceId} has no roster yet: leave out revision to create it` });
}

/** The body is well-formed but names things that do not exist or cannot be used here. */
export function unprocessable(detail: string, errors: FieldProblem[] = []): UnprocessableEntityException {
  return new UnprocessableEntityException({ title: 'Unprocessable request', detail, ...(errors.length > 0 ? { errors } : {}) });
}

/** A field that fits the schema but contradicts the request (an id other than the path's): 422, as the pipe answers such rules. */
export function invalidField(field: string, reason: string): UnprocessableEntityException {
  return new UnprocessableEntityException({ title: 'Unprocessable request', errors: [{ field, reason }] });
}

export function alreadyExists(what: string, id: string): ConflictException {
  return new ConflictException({ title: 'Already exists', detail: `${what} ${id} exists already: change it with PUT` });
}
