import type { Role } from '@ctip/auth';
import { loadConfig } from '@ctip/config';
import { TOPICS } from '@ctip/contracts';
import { ServiceUnderTest, type ApiResponse, type RecordedEvent } from '@ctip/testing';
import { AppModule, SERVICE_NAME } from '../app.module';
import { configSchema } from '../config';

export type { ApiResponse };
export type DirectoryEvent = RecordedEvent<Record<string, unknown> & { revision: number }>;

/**
 * The directory service started in-process on the real servers (as `main` starts it, on a test port),
 * in a namespace of its own, recording the directory topics.
 */
export class DirectoryTestApp {
  private constructor(private readonly service: ServiceUnderTest) {}

  static async start(port: number): Promise<DirectoryTestApp> {
    return new DirectoryTestApp(
      await ServiceUnderTest.start({
        name: SERVICE_NAME,
        port,
        module: (env) => AppModule.forRoot(loadConfig(configSchema, env)),
        record: [TOPICS.directoryOrganisationChanged, TOPICS.directoryPersonChanged, TOPICS.directoryRosterChanged],
      }),
    );
  }

  get baseUrl(): string {
    return this.service.baseUrl;
  }

  token(roles: Role[], options: { countries?: string[]; subject?: string } = {}): Promise<string> {
    return this.service.token(roles, options);
  }

  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<ApiResponse<T>> {
    return this.service.request<T>(method, path, options);
  }

  listAll<T>(path: string, token: string, limit = 100): Promise<T[]> {
    return this.service.listAll<T>(path, token, limit);
  }

  /** The events recorded so far for one aggregate, in the order Kafka holds them. */
  eventsFor(topic: string, key: string): DirectoryEvent[] {
    return this.service.eventsOf(topic, key);
  }

  close(): Promise<void> {
    return this.service.close();
  }
}
