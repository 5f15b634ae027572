import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { collectDefaultMetrics } from 'prom-client';
import { HealthController } from './health/health.controller';
import { ReadinessRegistry } from './health/readiness.registry';
import { loggerParams, type LoggingOptions } from './logging/logger';
import { metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';

let defaultMetricsStarted = false;

/** Logs, correlation, /metrics and /health for one service. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    if (!defaultMetricsStarted) {
      metrics.registry.setDefaultLabels({ service: options.service });
      collectDefaultMetrics({ register: metrics.registry });
      defaultMetricsStarted = true;
    }
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot(loggerParams(options)), TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [ReadinessRegistry],
      exports: [ReadinessRegistry],
    };
  }
}
