import type { INestApplication } from '@nestjs/common';
import { ensureDevKeys, mintDevToken, type DevKeys, type Role } from '@ctip/auth';
import { loadConfig } from '@ctip/config';
import { TOPICS } from '@ctip/contracts';
import { startService } from '@ctip/runtime';
import { namespacedTopic } from '@ctip/messaging';
import { testKafka, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule, SERVICE_NAME } from '../app.module';
import { configSchema } from '../config';

const ISSUER = 'http://localhost/ctip-directory-test';
const AUDIENCE = 'ctip-api';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  contentType: string | null;
}

export interface DirectoryEvent {
  id: string;
  key: string;
  type: string;
  data: Record<string, unknown> & { revision: number };
}

/**
 * The directory service started in-process on the real servers (as `main` starts it, on a test port),
 * with a development signing key of its own and a recorder of the directory topics.
 */
export class DirectoryTestApp {
  private constructor(
    private readonly app: INestApplication,
    private readonly keys: DevKeys,
    readonly baseUrl: string,
    readonly events: TopicRecorder,
    readonly namespace: string,
  ) {}

  static async start(port: number): Promise<DirectoryTestApp> {
    const keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-directory-keys-')));
    // A fresh namespace per app under test: its topics, database and queues are its own.
    const namespace = `it-${uniqueSuffix()}`;
    const config = loadConfig(configSchema, {
      ...process.env,
      NAMESPACE: namespace,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_JWKS_FILE: keys.jwksFile,
    });
    const app = await startService({
      name: SERVICE_NAME,
      description: 'directory under test',
      module: AppModule.forRoot(config),
      port: config.PORT,
      host: config.HOST,
    });
    const events = await new TopicRecorder(testKafka(), `directory-test-${uniqueSuffix()}`).start(
      [TOPICS.directoryOrganisationChanged, TOPICS.directoryPersonChanged, TOPICS.directoryRosterChanged].map((t) =>
        namespacedTopic(t, namespace),
      ),
    );
    return new DirectoryTestApp(app, keys, `http://127.0.0.1:${port}`, events, namespace);
  }

  token(roles: Role[], options: { countries?: string[]; subject?: string } = {}): Promise<string> {
    return mintDevToken({
      ...this.keys,
      issuer: ISSUER,
      audience: AUDIENCE,
      subject: options.subject ?? `test-${roles[0]}`,
      roles,
      countries: options.countries,
    });
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, contentType: response.headers.get('content-type') };
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

  /** The events recorded so far for one aggregate, in the order Kafka holds them. */
  eventsFor(topic: string, key: string): DirectoryEvent[] {
    return this.events
      .of(namespacedTopic(topic, this.namespace))
      .filter((message) => message.key === key)
      .map((message) => JSON.parse(message.value ?? '{}') as DirectoryEvent);
  }

  async close(): Promise<void> {
    await this.events.stop();
    await this.app.close();
  }
}
