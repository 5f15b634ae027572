import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A path template of the document (`/people/{id}`) as a matcher of request paths. */
function matcherOf(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}/?$`);
}

/**
 * A documented path asked with a method it does not have answers 405 with `Allow` (RFC 9110 §15.5.6),
 * not 404: the path exists. Built from the OpenAPI document, so it cannot disagree with it. HEAD is
 * allowed wherever GET is, as Express answers it.
 */
export function methodNotAllowed(document: OpenAPIObject) {
  const routes = Object.entries(document.paths).map(([template, item]) => {
    const methods = HTTP_METHODS.filter((method) => item[method] !== undefined).map((method) => method.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return { matcher: matcherOf(template), methods };
  });
  return (request: Request & { id?: string }, response: Response, next: NextFunction): void => {
    // A path may fit several templates (`/me/inbox/stream` and `/me/inbox/{id}`): any of their methods goes.
    const allowed = new Set(routes.filter((route) => route.matcher.test(request.path)).flatMap((route) => route.methods));
    if (allowed.size === 0 || allowed.has(request.method)) return next();
    const methods = [...allowed].join(', ');
    response
      .status(405)
      .setHeader('Allow', methods)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: 'Method Not Allowed',
        status: 405,
        detail: `${request.method} is not one of ${methods}`,
        correlationId: request.id,
      });
  };
}
