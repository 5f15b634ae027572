const INFRASTRUCTURE_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongooseServerSelectionError',
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNonRetriableError',
  'MaxRetriesPerRequestError',
]);
const INFRASTRUCTURE_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/**
 * An outage of a dependency (database, Redis, Kafka) is not the message's fault: such errors are
 * retried until the dependency is back, instead of dead-lettering every message during the outage.
 * Over HTTP the same errors answer 503 with Retry-After (ProblemDetailsFilter), not 500.
 */
export function isInfrastructureError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (INFRASTRUCTURE_ERROR_NAMES.has(error.name)) return true;
  if (typeof code === 'string' && INFRASTRUCTURE_ERROR_CODES.has(code)) return true;
  if (
    /Connection is closed|connect ECONNREFUSED|Stream isn't writeable|client was closed|topology was destroyed|buffering timed out/i.test(
      error.message,
    )
  )
    return true;
  return error.cause !== undefined && isInfrastructureError(error.cause);
}
