import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnprocessableError } from '@ctip/errors';
import type { PinoLogger } from 'nestjs-pino';
import { DEPENDENCY_RETRY_AFTER_SECONDS, ProblemDetailsFilter } from './problem-details.filter';

function answer(exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: Record<string, unknown> } = { headers: {} };
  const response = {
    status: (status: number) => ((sent.status = status), response),
    setHeader: (name: string, value: string) => void (sent.headers[name.toLowerCase()] = value),
    type: () => response,
    json: (body: Record<string, unknown>) => void (sent.body = body),
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ id: 'corr-1', path: '/cases' }) }),
  } as unknown as ArgumentsHost;
  const logger = { error: jest.fn() } as unknown as PinoLogger;
  new ProblemDetailsFilter(logger).catch(exception, host);
  return Object.assign(sent, { logged: logger.error as jest.Mock });
}

describe(ProblemDetailsFilter.name, () => {
  it('answers 503 with Retry-After when a dependency is unreachable, so the client retries instead of giving up', () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoServerSelectionError' });
    const sent = answer(outage);
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe(String(DEPENDENCY_RETRY_AFTER_SECONDS));
    expect(sent.body).toMatchObject({ status: 503, title: 'Service Unavailable', correlationId: 'corr-1' });
    // The cause stays in the log: no host, port or driver message reaches the caller.
    expect(JSON.stringify(sent.body)).not.toMatch(/ECONNREFUSED|27017|Mongo/);
  });

  it('answers a bare 500 for a bug, and keeps HTTP errors as they are', () => {
    const bug = answer(new TypeError("Cannot read properties of undefined (reading 'country')"));
    expect(bug.status).toBe(500);
    expect(bug.headers).toEqual({});
    expect(bug.body).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, correlationId: 'corr-1' });
    expect(answer(new NotFoundException('case x not found'))).toMatchObject({ status: 404, headers: {} });
  });
});

describe(`${ProblemDetailsFilter.name} with domain errors`, () => {
  it('answers each kind with its status and the message as detail', () => {
    expect(answer(new NotFoundError('no organisation with id x'))).toMatchObject({
      status: 404,
      body: { type: 'about:blank', title: 'Not found', status: 404, detail: 'no organisation with id x', correlationId: 'corr-1' },
    });
    expect(answer(new ForbiddenError('only the partner may answer')).body).toMatchObject({
      status: 403,
      detail: 'only the partner may answer',
    });
    expect(answer(new ConflictError('exists already')).body).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'exists already',
      correlationId: 'corr-1',
    });
  });

  it('sends what a conflict says is current, so the caller can decide again', () => {
    const sent = answer(new ConflictError('org x is at revision 2', { revision: 2 }));
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ status: 409, current: { revision: 2 } });
  });

  it('lists every refused field of an unprocessable or invalid request', () => {
    const errors = [{ field: 'countries.0.country', reason: 'unknown country XX' }];
    expect(answer(new UnprocessableError('the report names something unknown', errors))).toMatchObject({
      status: 422,
      body: { title: 'Unprocessable request', status: 422, errors },
    });
    expect(answer(new InvalidInputError('invalid cursor', [{ field: 'cursor', reason: 'is not a cursor' }]))).toMatchObject({
      status: 400,
      body: { title: 'Invalid request', status: 400, errors: [{ field: 'cursor', reason: 'is not a cursor' }] },
    });
  });

  it('never logs a domain error as a failure of the service, and asks for no retry', () => {
    const sent = answer(new NotFoundError('case x not found'));
    expect(sent.headers).toEqual({});
    expect(sent.logged).not.toHaveBeenCalled();
  });
});
