import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, PinoLogger } from 'nestjs-pino';
import { correlationMiddleware, createLogger } from '@ctip/observability';
import { ProblemDetailsFilter, setupOpenApi } from '@ctip/http';
import { connectEventTransport } from '@ctip/messaging';
import { backboneSettings, loadConfig } from '@ctip/config';
import type { z } from 'zod';

export interface ServiceDefinition {
  name: string;
  description: string;
  module: Type<unknown> | DynamicModule;
  port: number;
  host: string;
}

/**
 * Starts one service, a hybrid Nest application: HTTP (JSON logs from the first line, correlation ids,
 * problem-details errors, OpenAPI) plus the Kafka event transport of its `@EventPattern` handlers, and
 * shutdown hooks (SIGTERM drains Kafka, then jobs, then closes connections; see MessagingRuntime).
 */
export async function startService(definition: ServiceDefinition): Promise<INestApplication> {
  const app = await NestFactory.create(definition.module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(correlationMiddleware);
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  app.useGlobalFilters(new ProblemDetailsFilter(await app.resolve(PinoLogger)));
  app.enableShutdownHooks();
  setupOpenApi(app, definition.name, definition.description);
  connectEventTransport(app);
  await app.init(); // topics provisioned, database connected, handlers registered …
  await app.startAllMicroservices(); // … before the first event is consumed
  await app.listen(definition.port, definition.host);
  app.get(Logger).log(`${definition.name} listening on http://${definition.host}:${definition.port} (docs at /docs)`);
  return app;
}

/**
 * A service's whole `main`: validate the environment against its schema, build its root module from the
 * typed config, start it. A configuration or boot error stops the process with a readable message.
 */
export function launchService<S extends z.ZodObject<typeof backboneSettings.shape & { PORT: z.ZodType<number> }>>(definition: {
  name: string;
  description: string;
  configSchema: S;
  module: (config: z.infer<S>) => DynamicModule;
}): void {
  runService(definition.name, async () => {
    const config = loadConfig(definition.configSchema);
    return startService({
      name: definition.name,
      description: definition.description,
      module: definition.module(config),
      port: config.PORT,
      host: config.HOST,
    });
  });
}

function runService(name: string, boot: () => Promise<unknown>): void {
  const logger = createLogger({ service: name, level: 'info' });
  routeProcessWarnings(logger);
  boot().catch((error: unknown) => {
    const err = error instanceof Error ? error : new Error(String(error));
    logger.fatal({ err: { name: err.name, message: err.message } }, `${name} failed to start: ${err.message}`);
    process.exit(1);
  });
}

/**
 * Process warnings go to the JSON log instead of raw stderr. kafkajs 2.2.4 schedules a timer with a
 * negative delay when it is not throttled, which Node 24 reports as TimeoutNegativeWarning: harmless
 * (Node uses 1 ms), so it is dropped.
 */
function routeProcessWarnings(logger: ReturnType<typeof createLogger>): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    logger.warn({ warning: { name: warning.name, message: warning.message } }, 'process warning');
  });
}
