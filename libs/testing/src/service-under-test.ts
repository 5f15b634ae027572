import type { DynamicModule, INestApplication } from '@nestjs/common';
import { ensureDevKeys, mintDevToken, type DevKeys, type Role } from '@ctip/auth';
import { namespacedTopic } from '@ctip/messaging';
import { metrics } from '@ctip/observability';
import { startService } from '@ctip/runtime';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteNamespaceTopics, testKafka, TopicRecorder } from './kafka-probe';
import { uniqueSuffix } from './unique';

const AUDIENCE = 'ctip-api';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  contentType: string | null;
  headers: Headers;
}

export interface RecordedEvent<T = Record<string, unknown>> {
  id: string;
  key: string;
  type: string;
  correlationId: string;
  data: T;
}

export interface ServiceUnderTestOptions {
  name: string;
  port: number;
  /** Builds the service's root module from the environment it is given (namespace, port, token settings). */
  module: (env: Record<string, string | undefined>) => DynamicModule;
  /** Topics (logical names) to record from the start, e.g. the service's own events. */
  record?: string[];
  /** Extra environment for the service (short durations in tests). */
  env?: Record<string, string>;
  /** Share a namespace with other services under test (a cross-service test). */
  namespace?: string;
}

/**
 * A service started in-process on the real servers, as `main` starts it (HTTP and the event transport),
 * in a fresh namespace of its own (topics, database, queues), with a development signing key and a
 * recorder of the topics a test asserts on.
 */
export class ServiceUnderTest {
  private constructor(
    private readonly app: INestApplication,
    private readonly keys: DevKeys,
    private readonly issuer: string,
    readonly baseUrl: string,
    private readonly events: TopicRecorder | undefined,
    readonly namespace: string,
    /** Whether this service made its namespace (and so removes its topics on close). */
    private readonly ownsNamespace: boolean,
  ) {}

  static async start(options: ServiceUnderTestOptions): Promise<ServiceUnderTest> {
    const keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), `ctip-${options.name}-keys-`)));
    const namespace = options.namespace ?? `it-${uniqueSuffix()}`;
    const issuer = `http://localhost/ctip-${options.name}-test`;
    const env = {
      ...process.env,
      NAMESPACE: namespace,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: AUDIENCE,
      JWT_JWKS_FILE: keys.jwksFile,
      ...options.env,
    };
    const app = await startService({
      name: options.name,
      description: `${options.name} under test`,
      module: options.module(env),
      port: options.port,
      host: '127.0.0.1',
    });
    const record = (options.record ?? []).map((t) => namespacedTopic(t, namespace));
    const events =
      record.length > 0 ? await new TopicRecorder(testKafka(), `${options.name}-test-${uniqueSuffix()}`).start(record) : undefined;
    return new ServiceUnderTest(app, keys, issuer, `http://127.0.0.1:${options.port}`, events, namespace, options.namespace === undefined);
  }

  /** The Nest application, to reach a provider (a repository, a job queue) from a test. */
  get nest(): INestApplication {
    return this.app;
  }

  token(roles: Role[], options: { countries?: string[]; subject?: string; organisationId?: string } = {}): Promise<string> {
    return mintDevToken({
      ...this.keys,
      issuer: this.issuer,
      audience: AUDIENCE,
      subject: options.subject ?? `test-${roles[0]}`,
      roles,
      countries: options.countries,
      organisationId: options.organisationId,
    });
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      body: (text && isJson ? JSON.parse(text) : text) as T,
      contentType: response.headers.get('content-type'),
      headers: response.headers,
    };
  }

  /** Every item of a list, following `nextCursor` page by page. */
  async listAll<T>(path: string, token: string, limit = 100): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: ApiResponse<{ items: T[]; nextCursor: string | null }> = await this.request(
        'GET',
        `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  /** The events recorded so far on one topic (optionally for one aggregate key), in the order Kafka holds them. */
  eventsOf<T = Record<string, unknown>>(topic: string, key?: string): RecordedEvent<T>[] {
    if (!this.events) throw new Error('no topics recorded: pass `record` to ServiceUnderTest.start');
    return this.events
      .of(namespacedTopic(topic, this.namespace))
      .filter((message) => key === undefined || message.key === key)
      .map((message) => JSON.parse(message.value ?? '{}') as RecordedEvent<T>);
  }

  /** How many events of a topic this service's consumers have handled so far (its `ctip_kafka_handler_duration_seconds` count). */
  async handledCount(topic: string): Promise<number> {
    const physical = namespacedTopic(topic, this.namespace);
    const metric = metrics.registry.getSingleMetric('ctip_kafka_handler_duration_seconds');
    if (!metric) return 0;
    return (await metric.get()).values
      .filter(
        (v) =>
          (v as { metricName?: string }).metricName?.endsWith('_count') && v.labels.topic === physical && v.labels.outcome === 'handled',
      )
      .reduce((sum, v) => sum + v.value, 0);
  }

  async close(): Promise<void> {
    await this.events?.stop();
    await this.app.close();
    if (this.ownsNamespace) await deleteNamespaceTopics(this.namespace);
  }
}
