import { randomUUID } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { InvalidInputError } from '@ctip/errors';
import { z } from 'zod';
import { ZodHeader } from './zod-operation.decorator';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, 'must be 8–100 letters, digits or ._:-');

/** The header's key, or undefined when none was sent; anything else answers 400 naming `Idempotency-Key`. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const problem = (reason: string) =>
    new InvalidInputError(`invalid ${IDEMPOTENCY_KEY_HEADER} header`, [{ field: IDEMPOTENCY_KEY_HEADER, reason }]);
  if (Array.isArray(header)) throw problem('must be sent once');
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) throw problem(parsed.error.issues[0].message);
  return parsed.data;
}

/**
 * The validated `Idempotency-Key` header of a POST, or undefined; documented in the operation and
 * refused with 400 naming `Idempotency-Key` when malformed. A retried request with the same key must have
 * the same effect once: the service stores what it creates under `scopedIdempotencyKey`.
 */
export function IdempotencyKey(): ParameterDecorator {
  return ZodHeader(
    IDEMPOTENCY_KEY_HEADER,
    idempotencyKeySchema.optional().describe('Retrying with the same key has the effect of one request (200 with the first answer).'),
  );
}

/**
 * The key a creation is stored under: scoped by the caller, so two callers' keys never meet. Without a
 * key every request is its own (a fresh one).
 */
export function scopedIdempotencyKey(caller: string, key: string | undefined): string {
  return `${caller}/${key ?? randomUUID()}`;
}

/** 201 when this request created the resource, 200 when it replayed an earlier request with the same key. */
export function creationStatus(created: boolean): HttpStatus.CREATED | HttpStatus.OK {
  return created ? HttpStatus.CREATED : HttpStatus.OK;
}
