import { ArgumentsHost, NotFoundException } from '@nestjs/common';
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
  return sent;
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
