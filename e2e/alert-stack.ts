import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken, type Role } from '@ctip/auth';
import { guardWritesOnClosedSockets } from '@ctip/persistence';
import {
  deleteNamespaceTopics,
  expectEventually,
  HttpSink,
  ServiceProcess,
  serviceEnv,
  SmtpSink,
  uniqueSuffix,
  waitForGroupCoordinators,
} from '@ctip/testing';
import { mongo } from 'mongoose';

export const APPS = ['case-coordination', 'fund-proposals', 'training-events', 'notifications', 'directory'] as const;
export type App = (typeof APPS)[number];

/** Demo people whose webhook the end-to-end tests point at their local receiver. */
export const WEBHOOK_PEOPLE = ['fp-al-primary', 'fp-md-primary', 'fp-md-backup-1', 'fp-md-backup-2', 'odihr-atu-coordinator-1'];

/**
 * Every service as its own process, as `npm start` runs them, in a fresh namespace on the real Kafka,
 * database and Redis, with the demo directory seeded, its people's email going to a real SMTP server and
 * some of their webhooks to a local receiver. Shared by the end-to-end files; each gives its own ports.
 */
export class AlertStack {
  readonly run = uniqueSuffix();
  readonly ns: string;
  readonly issuer = 'http://localhost/ctip-e2e';
  readonly audience = 'ctip-api';
  readonly signingKeys = `e2e:${'s'.repeat(32)}`;
  readonly smtp = new SmtpSink();
  readonly hooks = new HttpSink();
  /** Every process ever started, killed ones included (their output stays checkable). */
  readonly processes: ServiceProcess[] = [];
  /** The process currently serving each app. */
  private readonly current = new Map<App, ServiceProcess>();
  private readonly attempts = new Map<string, number>();
  private keys!: Awaited<ReturnType<typeof ensureDevKeys>>;
  private client!: mongo.MongoClient;

  constructor(
    private readonly options: {
      /** Names the namespace and the processes (their logs land in .infra/test-logs). */
      prefix: string;
      ports: Record<App, number>;
      /** Settings added to every service's environment. */
      env?: Record<string, string>;
      /** Demo people whose webhook is pointed at the local receiver (default WEBHOOK_PEOPLE). */
      webhookPeople?: string[];
      /** Also loads the fund's demo data (supported projects, open proposals) after the directory, as `npm start` does. */
      fundSeed?: boolean;
    },
  ) {
    this.ns = `${options.prefix}-${this.run}`;
  }

  get webhookPeople(): string[] {
    return this.options.webhookPeople ?? WEBHOOK_PEOPLE;
  }

  env(): Record<string, string> {
    return {
      ...serviceEnv({ namespace: this.ns, issuer: this.issuer, audience: this.audience, jwksFile: this.keys.jwksFile }),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.smtp.port),
      WEBHOOK_SIGNING_KEYS: this.signingKeys,
      WEBHOOK_ALLOW_HTTP: 'true',
      OUTBOX_SWEEP_INTERVAL_MS: '250',
      ...this.options.env,
    };
  }

  url(app: App, port = this.options.ports[app]): string {
    return `http://127.0.0.1:${port}`;
  }

  token(subject: string, roles: Role[], countries: string[] = [], organisationId?: string): Promise<string> {
    return mintDevToken({
      ...this.keys,
      issuer: this.issuer,
      audience: this.audience,
      subject,
      roles,
      countries,
      ...(organisationId ? { organisationId } : {}),
    });
  }

  /** One API request; the body is the endpoint's JSON as parsed. */
  async call(base: string, method: string, path: string, auth: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** Starts (another) process of an app; `port` other than the app's own runs an extra instance beside it. */
  startApp(app: App, port = this.options.ports[app]): ServiceProcess {
    const key = `${app}-${port}`;
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    const name = port === this.options.ports[app] ? `${this.ns}-${app}-${attempt}` : `${this.ns}-${app}-${port}-${attempt}`;
    const proc = new ServiceProcess(name, `apps/${app}/src/main.js`, { ...this.env(), PORT: String(port) }).start();
    this.processes.push(proc);
    if (port === this.options.ports[app]) this.current.set(app, proc);
    return proc;
  }

  process(app: App): ServiceProcess {
    return this.current.get(app)!;
  }

  async waitReady(app: App, port = this.options.ports[app], timeoutMs = 90_000): Promise<void> {
    await expectEventually(async () => expect((await fetch(`${this.url(app, port)}/health/ready`)).status).toBe(200), {
      timeoutMs,
      intervalMs: 250,
    });
  }

  /** Kills an app's process and starts it again on the same port, then waits until it is ready. */
  async restart(app: App, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.process(app);
    proc.kill(signal);
    await proc.waitForExit();
    this.startApp(app);
    await this.waitReady(app, undefined, 60_000);
  }

  /** The database of one service in this namespace (the driver's, so it reads through a database restart). */
  scoped(service: string): mongo.Db {
    return this.client.db(`ctip_${this.ns.replace(/-/g, '_')}_${service.replace(/-/g, '_')}`);
  }

  mailTo(personId: string) {
    return this.smtp.to(`${personId}@demo.example.org`);
  }

  hooksFor(personId: string) {
    return this.hooks.at(`/hooks/${personId}`);
  }

  /** Sinks, every app, the demo directory, webhooks routed here, and both read models of the directory built. */
  async start(): Promise<void> {
    this.keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-e2e-keys-')));
    await this.smtp.start();
    await this.hooks.start();
    // The test reads the database through restarts too: the same guard as the services (see it).
    guardWritesOnClosedSockets();
    this.client = await new mongo.MongoClient(process.env.MONGO_URL!).connect();
    // A broker just (re)started by the fault drills may still be loading its consumer offsets.
    await waitForGroupCoordinators();
    for (const app of APPS) this.startApp(app);
    for (const app of APPS) await this.waitReady(app);
    const seed = new ServiceProcess(`${this.ns}-seed`, 'apps/directory/src/cli/seed.js', this.env()).start();
    await seed.waitForExit();
    expect(seed.exitCode).toBe(0);
    if (this.options.fundSeed) {
      const fundSeed = new ServiceProcess(`${this.ns}-fund-seed`, 'apps/fund-proposals/src/cli/seed.js', this.env()).start();
      await fundSeed.waitForExit();
      expect(fundSeed.exitCode).toBe(0);
    }

    const admin = await this.token('e2e-admin', ['admin']);
    for (const personId of this.webhookPeople) await this.routeWebhookHere(personId, admin);
    // Both services keep their own copy of the directory, built from its events.
    await expectEventually(
      async () => {
        expect(await this.scoped('case-coordination').collection('directory_rosters').countDocuments()).toBe(11);
        for (const personId of this.webhookPeople) {
          const recipient = await this.scoped('notifications')
            .collection('recipients')
            .findOne({ _id: personId as never });
          expect(JSON.stringify(recipient)).toContain(this.hooks.url(`/hooks/${personId}`));
        }
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGTERM', 15_000)));
    await this.client?.close();
    await this.smtp.stop();
    await this.hooks.stop();
    await deleteNamespaceTopics(this.ns);
  }

  /** Points a demo person's webhook at the local receiver and confirms it, through the directory API. */
  private async routeWebhookHere(personId: string, admin: string): Promise<void> {
    const directory = this.url('directory');
    const person = (await this.call(directory, 'GET', `/people/${personId}`, admin)).body;
    const contactPoints = [
      ...person.contactPoints
        .filter((c: { channel: string }) => c.channel !== 'webhook')
        .map(
          ({
            contactPointId,
            channel,
            address,
            priority,
          }: {
            contactPointId: string;
            channel: string;
            address: string;
            priority: number;
          }) => ({
            contactPointId,
            channel,
            address,
            priority,
          }),
        ),
      { contactPointId: 'webhook', channel: 'webhook', address: this.hooks.url(`/hooks/${personId}`), priority: 2 },
    ];
    const { revision: _r, contactPoints: _c, ...rest } = person;
    const updated = await this.call(directory, 'PUT', `/people/${personId}`, admin, { ...rest, contactPoints, revision: person.revision });
    expect(updated.status).toBe(200);
    for (const c of contactPoints) {
      const verified = await this.call(directory, 'POST', `/people/${personId}/contact-points/${c.contactPointId}/verification`, admin);
      expect(verified.status).toBe(200);
    }
  }
}
