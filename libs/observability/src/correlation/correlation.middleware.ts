import type { NextFunction, Request, Response } from 'express';
import { Correlation } from './correlation-context';

/** Registered first in every app: every log line, event and job of a request carries its id. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const correlationId = Correlation.accept(req.headers[Correlation.header]);
  (req as Request & { id: string }).id = correlationId;
  res.setHeader(Correlation.header, correlationId);
  Correlation.run({ correlationId }, next);
}
