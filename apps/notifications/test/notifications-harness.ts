import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken, type DevKeys, type Role } from '@ctip/auth';
import { CATALOGUE, TOPICS, type DirectoryPersonChanged, type EventEnvelope, type Payload, type Topic } from '@ctip/contracts';
import { EventProducer, namespacedTopic } from '@ctip/messaging';
import { HttpSink, redisKeysMatching, ServiceProcess, serviceEnv, SmtpSink, testKafka, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { deliveryClaimsPrefix } from '../src/delivery/delivery-claims';
import { SERVICE_NAME as SERVICE } from '../src/instance-name';

const MAIN = 'apps/notifications/src/main.js';

export interface HarnessOptions {
  /** The compiled entry point under dist/ (a test fixture may add notification kinds). */
  main?: string;
  /** Settings on top of the harness's own. */
  env?: Record<string, string>;
  /** The HTTP port (default: a random one in 14000–14999). */
  port?: number;
}

const REPORTS: Topic[] = [TOPICS.notificationDelivered, TOPICS.notificationFailed];

/**
 * One notifications process in a fresh namespace (its own topics, consumer group, database and queues)
 * with a real SMTP server, a webhook receiver and an SMS gateway on loopback, a Kafka producer and a
 * recorder of the `notification.*` reports.
 */
export class NotificationsHarness {
  readonly namespace = `nt-${uniqueSuffix(10)}`;
  readonly smtp = new SmtpSink();
  readonly webhooks = new HttpSink();
  readonly smsGateway = new HttpSink();
  readonly signingKeys = `test-1:${randomBytes(24).toString('hex')},test-0:${randomBytes(24).toString('hex')}`;
  readonly port: number;
  readonly kafka: Kafka = testKafka();
  readonly producer = new EventProducer(this.kafka, CATALOGUE, 'ctip-test', this.namespace);
  private keys!: DevKeys;
  readonly issuer = 'https://issuer.ctip.test';
  readonly audience = 'ctip-api';
  recorder!: TopicRecorder;
  service!: ServiceProcess;
  private db!: Connection;
  private readonly queues = new Map<string, Queue>();
  private admin!: Admin;
  private restarts = 0;

  constructor(private readonly options: HarnessOptions = {}) {
    this.port = options.port ?? 14_000 + Math.floor(Math.random() * 1_000);
  }

  /** The service's consumer group, as named by the messaging library. */
  get group(): string {
    return namespacedTopic(SERVICE, this.namespace);
  }

  get scoped(): string {
    return `${this.namespace}-${SERVICE}`;
  }

  async start(): Promise<void> {
    this.keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-notifications-keys-')));
    await Promise.all([this.smtp.start(), this.webhooks.start(), this.smsGateway.start()]);
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.db = (await mongoose.createConnection(process.env.MONGO_URL!).asPromise()).useDb(`ctip_${this.scoped.replace(/-/g, '_')}`);
    await this.spawn(); // creates the namespace's topics
    this.recorder = await new TopicRecorder(this.kafka, `${this.namespace}.recorder`).start(
      REPORTS.map((t) => namespacedTopic(t, this.namespace)),
    );
    await this.producer.connect();
  }

  env(): Record<string, string> {
    return {
      PORT: String(this.port),
      HOST: '127.0.0.1',
      ...serviceEnv({ namespace: this.namespace, issuer: this.issuer, audience: this.audience, jwksFile: this.keys.jwksFile }),
      APP_BASE_URL: 'https://console.ctip.test',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.smtp.port),
      SMTP_FROM: 'CTIP Alerts <alerts@ctip.test>',
      SMTP_TIMEOUT_MS: '2000',
      SMS_GATEWAY_URL: this.smsGateway.url('/sms'),
      SMS_GATEWAY_FORMAT: 'form',
      SMS_GATEWAY_AUTH_HEADER: 'Authorization: Bearer sms-gateway-test-token',
      SMS_GATEWAY_TIMEOUT_MS: '2000',
      WEBHOOK_SIGNING_KEYS: this.signingKeys,
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_TIMEOUT_MS: '2000',
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_BACKOFF_MS: '150',
      // Renewed while the worker lives, so it lapses only for a dead process; the recovery of its claims
      // overlaps the restarted consumer's wait for the dead member's session to time out.
      DELIVERY_LEASE_MS: '10000',
      DELIVERY_RECOVERY_INTERVAL_MS: '300',
      DELIVERY_RECOVERY_GRACE_MS: '1500',
      OUTBOX_SWEEP_INTERVAL_MS: '250',
      OUTBOX_GRACE_MS: '1000',
      // A killed process's running jobs come back within about 10 s (BullMQ's default: up to 60 s).
      JOB_STALL_CHECK_MS: '5000',
      ...this.options.env,
    };
  }

  async spawn(): Promise<ServiceProcess> {
    this.restarts += 1;
    this.service = new ServiceProcess(`notifications-${this.namespace}-${this.restarts}`, this.options.main ?? MAIN, this.env()).start();
    await this.service.waitForLog(/kafka consumer started/, 60_000);
    await this.service.waitForLog(/listening on/, 30_000);
    return this.service;
  }

  async stop(): Promise<void> {
    await this.service?.stop('SIGTERM');
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    await Promise.allSettled([
      this.recorder?.stop(),
      this.producer.disconnect(),
      this.smtp.stop(),
      this.webhooks.stop(),
      this.smsGateway.stop(),
    ]);
    const topics = (await this.admin.listTopics()).filter((topic) => topic.startsWith(`${this.namespace}.`));
    await this.admin.deleteTopics({ topics }).catch(() => undefined);
    // The service's group, the recorder's and any a test started (`<namespace>.…`).
    const groups = (await this.admin.listGroups()).groups.map((g) => g.groupId);
    await this.admin.deleteGroups(groups.filter((g) => g === this.group || g.startsWith(`${this.namespace}.`))).catch(() => undefined);
    await this.admin.disconnect();
    await this.db?.dropDatabase().catch(() => undefined);
    await this.db?.close();
    const redis = new Redis(process.env.REDIS_URL!);
    const keys = await redis.keys(`ctip-${this.scoped}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }

  /** One of the service's BullMQ queues, to inspect or promote its jobs; closed by `stop()`. */
  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: { url: process.env.REDIS_URL! }, prefix: `ctip-${this.scoped}` });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** The deliveries being sent right now: those whose claim (DeliveryClaims, in Redis) is held, by id. */
  async claimedDeliveries(): Promise<string[]> {
    const prefix = `${deliveryClaimsPrefix(this.scoped)}:claim:`;
    return (await redisKeysMatching(process.env.REDIS_URL!, `${prefix}*`)).map((key) => key.slice(prefix.length));
  }

  collection<T extends mongo.Document>(name: string): mongo.Collection<T> {
    return this.db.collection<T>(name);
  }

  async publish<T extends Topic>(topic: T, data: Payload<T>): Promise<EventEnvelope<Payload<T>>> {
    return this.producer.publish(topic, data);
  }

  async token(subject: string, roles: Role[] = []): Promise<string> {
    const { privateJwk, kid } = this.keys;
    return mintDevToken({ privateJwk, kid, issuer: this.issuer, audience: this.audience, subject, roles, expiresIn: '15m' });
  }

  async api(path: string, options: { token: string; method?: string; body?: unknown }): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method: options.method ?? 'GET',
      headers: { authorization: `Bearer ${options.token}`, ...(options.body ? { 'content-type': 'application/json' } : {}) },
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Every item of a list, following `nextCursor` page by page (`limit` items a page). */
  async listAll<T>(path: string, token: string, limit = 100): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = await this.api(`${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
      const body = page.body as { items: T[]; nextCursor: string | null };
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return items;
  }

  /** `notification.*` reports recorded so far for a source event. */
  reports(topic: Topic, sourceEventId: string): { envelopeId: string; data: Record<string, unknown> }[] {
    return this.recorder
      .of(namespacedTopic(topic, this.namespace))
      .map((m) => JSON.parse(m.value ?? '{}') as EventEnvelope<Record<string, unknown>>)
      .filter((e) => e.data.sourceEventId === sourceEventId)
      .map((e) => ({ envelopeId: e.id, data: e.data }));
  }
}

let personCounter = 0;

/** A directory snapshot of a staff member with the given contact points (verified unless said otherwise). */
export function person(
  personId: string,
  options: {
    languages?: string[];
    timeZone?: string;
    revision?: number;
    contactPoints: { channel: 'email' | 'sms' | 'webhook'; address: string; priority: number; verified?: boolean }[];
  },
): DirectoryPersonChanged {
  personCounter += 1;
  return {
    personId,
    organisationId: 'org-test',
    displayName: `Canary Staffer ${personCounter}`,
    roles: ['focal-point'],
    languages: options.languages ?? ['en'],
    timeZone: options.timeZone ?? 'Europe/Vienna',
    contactPoints: options.contactPoints.map((point, i) => ({ contactPointId: `${personId}-cp${i}`, verified: true, ...point })),
    active: true,
    revision: options.revision ?? 1,
    demo: false,
  };
}

export function caseRef(): string {
  return `RR-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
}

export function alertRaised(
  personIds: string[],
  options: { caseRef: string; urgency: 'critical' | 'high' | 'normal' },
): Payload<typeof TOPICS.caseAlertRaised> {
  return {
    alertId: `alert-${uniqueSuffix(6)}`,
    caseId: `case-${uniqueSuffix(8)}`,
    caseRef: options.caseRef,
    urgency: options.urgency,
    countries: [
      { country: 'MD', role: 'origin' },
      { country: 'AT', role: 'destination' },
    ],
    servicesNeeded: ['shelter', 'legal-aid'],
    riskFlags: ['immediate-danger'],
    recipients: { kind: 'focal-point', organisationId: 'org-test', country: 'MD', personIds },
    rung: 0,
    acknowledgeBy: new Date(Date.now() + 15 * 60_000).toISOString(),
  };
}
