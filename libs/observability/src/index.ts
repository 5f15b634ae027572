export * from './correlation/correlation-context';
export * from './http/public-route';
export * from './correlation/correlation.middleware';
export * from './logging/logger';
export * from './logging/redaction';
export * from './metrics/metrics';
export * from './health/readiness.registry';
export * from './observability.module';
