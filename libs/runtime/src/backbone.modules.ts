import type { DynamicModule } from '@nestjs/common';
import { AuthModule } from '@ctip/auth';
import type { BackboneSettings } from '@ctip/config';
import { CATALOGUE } from '@ctip/contracts';
import { MessagingModule } from '@ctip/messaging';
import { ObservabilityModule } from '@ctip/observability';
import { OutboxModule } from '@ctip/outbox';
import { PersistenceModule } from '@ctip/persistence';
import { SchedulingModule } from '@ctip/scheduling';

/**
 * The backbone every service stands on, in one place so the four apps cannot drift apart:
 * logs and health, token verification, its own database, Kafka with the event catalogue, BullMQ, outbox.
 */
export function backboneModules(service: string, config: BackboneSettings): DynamicModule[] {
  const ns = config.NAMESPACE;
  const scoped = ns ? `${ns}-${service}` : service;
  return [
    ObservabilityModule.forRoot({ service, level: config.LOG_LEVEL }),
    AuthModule.forRoot({
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUrl: config.JWT_JWKS_URL,
      jwksFile: config.JWT_JWKS_FILE,
    }),
    PersistenceModule.forRoot({ url: config.MONGO_URL, dbName: `ctip_${scoped.replace(/-/g, '_')}` }),
    MessagingModule.forRoot({
      service,
      brokers: config.KAFKA_BROKERS,
      catalogue: CATALOGUE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      namespace: ns,
    }),
    SchedulingModule.forRoot({
      redisUrl: config.REDIS_URL,
      prefix: `ctip-${scoped}`,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      stallCheckMs: config.JOB_STALL_CHECK_MS,
    }),
    OutboxModule.forRoot({
      service: scoped,
      sweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
      graceMs: config.OUTBOX_GRACE_MS,
      fullSweepIntervalMs: config.OUTBOX_FULL_SWEEP_INTERVAL_MS,
    }),
  ];
}
