export { isInfrastructureError } from '@ctip/errors';

/** The message can never be handled (bad data, broken invariant): dead-letter it at once, no retries. */
export class NonRetriableError extends Error {
  override name = 'NonRetriableError';
}
