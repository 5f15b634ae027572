import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ConflictError, DomainError, InvalidInputError, isInfrastructureError, UnprocessableError } from '@ctip/errors';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';

/** Seconds a client is asked to wait before retrying while a dependency is down. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 1;

interface ProblemBody {
  [extension: string]: unknown;
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; reason: string }[];
  correlationId?: string;
}

/** The answer to each kind of domain error a service throws. */
const DOMAIN_PROBLEMS: Record<DomainError['kind'], { status: number; title: string }> = {
  'not-found': { status: HttpStatus.NOT_FOUND, title: 'Not found' },
  conflict: { status: HttpStatus.CONFLICT, title: 'Conflict' },
  unprocessable: { status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unprocessable request' },
  forbidden: { status: HttpStatus.FORBIDDEN, title: 'Forbidden' },
  invalid: { status: HttpStatus.BAD_REQUEST, title: 'Invalid request' },
};

/**
 * Every error answers as RFC 9457 problem details. Domain errors thrown by services map by their kind
 * (404, 409, 422, 403, 400); a conflict's `current` and the field list `errors` go along as extension
 * members. What Nest itself throws (a guard's 401/403, the validation pipe's 400) keeps its status. Unexpected errors become a plain 500 with the
 * correlation id: the cause goes to the log, never to the caller. An outage of a dependency (the database,
 * Redis, Kafka unreachable) is not a bug: it answers 503 with Retry-After, so a client retries the same
 * request (with its Idempotency-Key) instead of giving up on an urgent report.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const problem = this.toProblem(exception);
    problem.correlationId = request.id;
    if (problem.status >= 500) {
      this.logger.error({ err: exception, path: request.path }, 'request failed');
    }
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE && !(exception instanceof HttpException)) {
      response.setHeader('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
    }
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): ProblemBody {
    if (exception instanceof DomainError) return domainProblem(exception);
    if (!(exception instanceof HttpException)) {
      if (isInfrastructureError(exception)) {
        return {
          type: 'about:blank',
          title: 'Service Unavailable',
          status: HttpStatus.SERVICE_UNAVAILABLE,
          detail: 'a service this request needs is unavailable; retry later',
        };
      }
      return { type: 'about:blank', title: 'Internal Server Error', status: HttpStatus.INTERNAL_SERVER_ERROR };
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    const title = HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';
    if (typeof body === 'string') return { type: 'about:blank', title, status, detail: body };
    // Extra members (e.g. the health check's per-dependency details) are kept, as RFC 9457 allows.
    const {
      message,
      title: customTitle,
      detail,
      statusCode: _code,
      ...extensions
    } = body as {
      message?: string | string[];
      title?: string;
      detail?: string;
      statusCode?: number;
    } & Record<string, unknown>;
    if (typeof extensions.error === 'string') delete extensions.error; // Nest's default, e.g. "Bad Request"

    return {
      ...extensions,
      type: 'about:blank',
      title: customTitle ?? title,
      status,
      detail: detail ?? (Array.isArray(message) ? message.join('; ') : message),
    };
  }
}

function domainProblem(error: DomainError): ProblemBody {
  const { status, title } = DOMAIN_PROBLEMS[error.kind];
  const problem: ProblemBody = { type: 'about:blank', title, status, detail: error.message };
  if ((error instanceof UnprocessableError || error instanceof InvalidInputError) && error.errors.length > 0) problem.errors = error.errors;
  if (error instanceof ConflictError && Object.keys(error.current).length > 0) problem.current = error.current;
  return problem;
}
