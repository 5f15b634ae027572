import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import { Correlation } from '../correlation/correlation-context';
import { REDACT_PATHS } from './redaction';

export interface LoggingOptions {
  service: string;
  level: string;
}

/** URLs are logged without their query string: a query could carry anything a caller typed. */
function pathOnly(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}

function baseOptions(options: LoggingOptions): pino.LoggerOptions {
  return {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: () => {
      const context = Correlation.current();
      return context ? { correlationId: context.correlationId, causationId: context.causationId } : {};
    },
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** A plain pino logger for code outside Nest's DI (bootstrap errors, CLIs, child processes in tests). */
export function createLogger(options: LoggingOptions): pino.Logger {
  return pino(baseOptions(options), stdout());
}

/** Synchronous writes: a line logged just before a crash or a signal is not lost in a buffer. */
function stdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: true });
}

/** nestjs-pino parameters: JSON logs, redaction, correlation id, no request or response bodies. */
export function loggerParams(options: LoggingOptions): Params {
  return {
    pinoHttp: [
      {
        ...baseOptions(options),
        genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? Correlation.accept(undefined),
        autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
        serializers: {
          req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: pathOnly(req.url) }),
          res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        },
        customSuccessMessage: (req, res) => `${req.method} ${pathOnly(req.url)} ${res.statusCode}`,
        customErrorMessage: (req, res) => `${req.method} ${pathOnly(req.url)} ${res.statusCode}`,
      },
      stdout(),
    ],
  };
}
