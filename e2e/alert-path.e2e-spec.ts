import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken, type Role } from '@ctip/auth';
import { CATALOGUE, deadLetterTopicOf, TOPICS } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import { expectEventually, INFRA_SCRIPT, ServiceProcess, testKafka, TopicRecorder, uniqueSuffix, serviceEnv } from '@ctip/testing';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { verifyWebhookSignature } from '../apps/notifications/src/channels/webhook-signature';
import { HttpSink } from '../apps/notifications/test/http-sink';
import { SmtpSink } from '../apps/notifications/test/smtp-sink';

/**
 * The urgent-alert path end to end, every service its own process as `npm start` runs them, on the real
 * Kafka, database and Redis, with a real SMTP server and a webhook receiver. Assertions are on what
 * arrived at the SMTP server and the receiver, and on the case's timeline — not on logs.
 */
describe('urgent alert path, end to end', () => {
  const run = uniqueSuffix();
  const ns = `e2e-${run}`;
  const canary = `Canary${run}Zeta`;
  const issuer = 'http://localhost/ctip-e2e';
  const audience = 'ctip-api';
  const signingKeys = `e2e:${'s'.repeat(32)}`;
  const apps = { 'case-coordination': 16101, 'fund-proposals': 16102, 'training-events': 16103, notifications: 16104, directory: 16105 };
  const url = (app: keyof typeof apps) => `http://127.0.0.1:${apps[app]}`;
  const processes: ServiceProcess[] = [];
  const smtp = new SmtpSink();
  const hooks = new HttpSink();
  let keys: Awaited<ReturnType<typeof ensureDevKeys>>;
  let db: Connection;

  const env = (): Record<string, string> => ({
    ...serviceEnv({ namespace: ns, issuer, audience, jwksFile: keys.jwksFile }),
    ACK_DEADLINE_CRITICAL_MS: '8000',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    WEBHOOK_SIGNING_KEYS: signingKeys,
    WEBHOOK_ALLOW_HTTP: 'true',
    OUTBOX_SWEEP_INTERVAL_MS: '250',
  });

  const token = (subject: string, roles: Role[], countries: string[] = [], organisationId?: string) =>
    mintDevToken({ ...keys, issuer, audience, subject, roles, countries, ...(organisationId ? { organisationId } : {}) });

  const call = async (base: string, method: string, path: string, auth: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** Points a demo person's webhook at the local receiver and confirms it, through the directory API. */
  const routeWebhookHere = async (personId: string, admin: string) => {
    const person = (await call(url('directory'), 'GET', `/people/${personId}`, admin)).body;
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
      { contactPointId: 'webhook', channel: 'webhook', address: hooks.url(`/hooks/${personId}`), priority: 2 },
    ];
    const { revision: _r, contactPoints: _c, ...rest } = person;
    const updated = await call(url('directory'), 'PUT', `/people/${personId}`, admin, {
      ...rest,
      contactPoints,
      revision: person.revision,
    });
    expect(updated.status).toBe(200);
    for (const c of contactPoints) {
      const verified = await call(url('directory'), 'POST', `/people/${personId}/contact-points/${c.contactPointId}/verification`, admin);
      expect(verified.status).toBe(200);
    }
  };

  const startApp = (app: keyof typeof apps, port: number, attempt = 0) =>
    new ServiceProcess(`e2e-${app}-${run}-${attempt}`, `apps/${app}/src/main.js`, { ...env(), PORT: String(port) }).start();

  const mailTo = (personId: string) => smtp.to(`${personId}@demo.example.org`);
  const hooksFor = (personId: string) => hooks.at(`/hooks/${personId}`);

  beforeAll(async () => {
    keys = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-e2e-keys-')));
    await smtp.start();
    await hooks.start();
    db = await mongoose.createConnection(process.env.MONGO_URL!).asPromise();
    for (const [app, port] of Object.entries(apps)) {
      processes.push(startApp(app as keyof typeof apps, port));
    }
    for (const app of Object.keys(apps) as (keyof typeof apps)[]) {
      await expectEventually(async () => expect((await fetch(`${url(app)}/health/ready`)).status).toBe(200), {
        timeoutMs: 90_000,
        intervalMs: 250,
      });
    }
    const seed = new ServiceProcess(`e2e-seed-${run}`, 'apps/directory/src/cli/seed.js', env()).start();
    await seed.waitForExit();
    expect(seed.exitCode).toBe(0);

    const admin = await token('e2e-admin', ['admin']);
    for (const personId of ['fp-al-primary', 'fp-md-primary', 'fp-md-backup-1', 'fp-md-backup-2', 'odihr-atu-coordinator-1']) {
      await routeWebhookHere(personId, admin);
    }
    // Both services keep their own copy of the directory, built from its events.
    const scoped = (service: string) => db.useDb(`ctip_${ns.replace(/-/g, '_')}_${service.replace(/-/g, '_')}`);
    await expectEventually(
      async () => {
        expect(await scoped('case-coordination').collection('directory_rosters').countDocuments()).toBe(11);
        const recipient = await scoped('notifications')
          .collection('recipients')
          .findOne({ _id: 'fp-md-backup-2' as never });
        expect(JSON.stringify(recipient)).toContain(hooks.url('/hooks/fp-md-backup-2'));
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  }, 400_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGTERM', 15_000)));
    await db?.close();
    await smtp.stop();
    await hooks.stop();
  });

  it('alerts both presences and the ODIHR unit by email and signed webhook, escalates to the backups, and stops when a backup acknowledges', async () => {
    const reporter = await token('fp-md-primary', ['focal-point'], ['MD'], 'osce-presence-md');
    const reported = await call(url('case-coordination'), 'POST', '/cases', reporter, {
      urgency: 'critical',
      countries: [
        { country: 'AL', role: 'found' },
        { country: 'MD', role: 'origin' },
      ],
      servicesNeeded: ['shelter'],
      riskFlags: ['immediate-danger'],
      consent: { shareWithPartners: false },
      identity: { fullName: canary, dateOfBirth: '2003-03-03', phone: '+373 600 99999', address: `Str. ${canary} 1` },
      notes: `Found ${canary} near the border crossing`,
    });
    expect(reported.status).toBe(201);
    const { caseId, caseRef } = reported.body as { caseId: string; caseRef: string };

    // The on-duty focal points of both presences and the ODIHR unit receive the alert.
    await expectEventually(
      () => {
        for (const personId of ['fp-al-primary', 'fp-md-primary', 'odihr-atu-coordinator-1', 'odihr-atu-coordinator-2']) {
          expect(mailTo(personId).filter((m) => m.subject.includes(caseRef))).toHaveLength(1);
        }
        for (const personId of ['fp-al-primary', 'fp-md-primary', 'odihr-atu-coordinator-1']) expect(hooksFor(personId)).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    for (const request of hooks.received) {
      expect(verifyWebhookSignature({ body: request.body, headers: request.headers, keys: signingKeys })).toMatchObject({ ok: true });
      expect(request.body).toContain(caseRef);
    }
    for (const mail of smtp.received) expect(`${mail.subject}\n${mail.text}`).not.toContain(canary);

    // Nobody acknowledges: the Moldova backups are alerted.
    await expectEventually(
      () => {
        for (const personId of ['fp-md-backup-1', 'fp-md-backup-2'])
          expect(mailTo(personId).filter((m) => m.subject.includes(caseRef))).toHaveLength(1);
        expect(hooksFor('fp-md-backup-1')).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    // A backup acknowledges; the Moldova alert goes no further (the head of mission is not alerted).
    const coordinator = await token('e2e-coordinator', ['coordinator']);
    const view = (await call(url('case-coordination'), 'GET', `/cases/${caseId}`, coordinator)).body;
    const mdAlert = view.alerts.find((a: { organisationId: string }) => a.organisationId === 'osce-presence-md');
    const backup = await token('fp-md-backup-1', ['focal-point'], ['MD'], 'osce-presence-md');
    const ack = await call(url('case-coordination'), 'POST', `/cases/${caseId}/alerts/${mdAlert.alertId}/acknowledgement`, backup);
    expect(ack.status).toBe(200);

    // Albania's alert, not acknowledged, goes on to its backups: by then Moldova's next rung would be due too.
    await expectEventually(() => expect(mailTo('fp-al-backup-1').filter((m) => m.subject.includes(caseRef))).toHaveLength(1), {
      timeoutMs: 30_000,
    });
    await expectEventually(() => expect(mailTo('hom-al').filter((m) => m.subject.includes(caseRef))).toHaveLength(1), {
      timeoutMs: 30_000,
    });
    expect(mailTo('hom-md').filter((m) => m.subject.includes(caseRef))).toHaveLength(0);

    // The timeline tells the whole story, delivery reports included.
    const timeline = await expectEventually(
      async () => {
        const entries = (await call(url('case-coordination'), 'GET', `/cases/${caseId}/timeline`, coordinator)).body.entries as {
          type: string;
          details: Record<string, unknown>;
        }[];
        expect(entries.filter((e) => e.type === 'notification.delivered').length).toBeGreaterThanOrEqual(8);
        return entries;
      },
      { timeoutMs: 30_000 },
    );
    const types = timeline.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['case.reported', 'alert.raised', 'alert.escalated', 'alert.acknowledged', 'notification.delivered']),
    );
    expect(timeline.find((e) => e.type === 'alert.acknowledged')?.details).toMatchObject({ alertId: mdAlert.alertId });
  });

  it('keeps the canary identity everywhere but the encrypted field: every topic, log line, email, webhook, Redis key and value, URL', async () => {
    // Every topic of the namespace, read from the beginning.
    const topics = Object.keys(CATALOGUE).flatMap((t) => [namespacedTopic(t, ns), deadLetterTopicOf(namespacedTopic(t, ns))]);
    const recorder = await new TopicRecorder(testKafka(), `canary-${run}`).start(topics);
    try {
      // The seed alone published about a hundred directory events; wait until the recorder has read them and the case's.
      await expectEventually(() => {
        expect(recorder.of(namespacedTopic(TOPICS.caseAlertRaised, ns)).length).toBeGreaterThan(0);
        expect([...recorder.messages.values()].flat().length).toBeGreaterThan(100);
      });
      const kafka = [...recorder.messages.values()].flat().map((m) => `${m.key} ${m.value} ${JSON.stringify(m.headers)}`);
      expect(kafka.filter((m) => m.includes(canary))).toEqual([]);
    } finally {
      await recorder.stop();
    }

    // Every log line of every process (request URLs included), every email and webhook body.
    for (const proc of processes) expect(proc.lines.filter((line) => line.includes(canary))).toEqual([]);
    expect(smtp.received.filter((m) => JSON.stringify(m).includes(canary))).toEqual([]);
    expect(hooks.received.filter((r) => `${r.path} ${r.body} ${JSON.stringify(r.headers)}`.includes(canary))).toEqual([]);

    // Every Redis key and value of the namespace's queues (job data, schedulers, markers).
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      let cursor = '0';
      let scanned = 0;
      do {
        const [next, keysFound] = await redis.scan(cursor, 'MATCH', `ctip-${ns}-*`, 'COUNT', 500);
        cursor = next;
        for (const key of keysFound) {
          scanned += 1;
          const type = await redis.type(key);
          const value =
            type === 'string'
              ? await redis.get(key)
              : type === 'hash'
                ? JSON.stringify(await redis.hgetall(key))
                : type === 'list'
                  ? JSON.stringify(await redis.lrange(key, 0, -1))
                  : type === 'set'
                    ? JSON.stringify(await redis.smembers(key))
                    : type === 'zset'
                      ? JSON.stringify(await redis.zrange(key, 0, -1))
                      : type === 'stream'
                        ? JSON.stringify(await redis.xrange(key, '-', '+'))
                        : '';
          expect(`${key} ${value}`).not.toContain(canary);
        }
      } while (cursor !== '0');
      expect(scanned).toBeGreaterThan(10);
    } finally {
      await redis.quit();
    }

    // The control: the canary is in the system, behind the audited endpoint, so its absence above means something.
    const coordinator = await token('e2e-coordinator', ['coordinator']);
    const cases = (await call(url('case-coordination'), 'GET', '/cases', coordinator)).body.items as { caseId: string }[];
    const identity = await call(url('case-coordination'), 'POST', `/cases/${cases[0].caseId}/identity-access`, coordinator, {
      reason: 'privacy canary control in the end-to-end test',
    });
    expect(identity.body.identity.fullName).toBe(canary);

    // In the database, only the encrypted field holds it: not one document of any service in clear text.
    for (const service of Object.keys(apps)) {
      const scopedDb = db.useDb(`ctip_${ns.replace(/-/g, '_')}_${service.replace(/-/g, '_')}`);
      for (const { name } of await scopedDb.listCollections()) {
        const documents = await scopedDb.collection(name).find({}).toArray();
        expect(JSON.stringify(documents)).not.toContain(canary);
      }
    }
  });

  it('loses no alert and sends none twice when case-coordination is killed right after it accepted a report', async () => {
    const reporter = await token('fp-md-primary', ['focal-point'], ['MD'], 'osce-presence-md');
    const reported = await call(url('case-coordination'), 'POST', '/cases', reporter, {
      urgency: 'critical',
      countries: [{ country: 'MD', role: 'destination' }],
      servicesNeeded: [],
      riskFlags: [],
      consent: { shareWithPartners: false },
    });
    expect(reported.status).toBe(201);
    const { caseRef } = reported.body as { caseRef: string };
    const index = processes.findIndex((p) => p.name.startsWith('e2e-case-coordination-'));
    processes[index].kill('SIGKILL');
    await processes[index].waitForExit();
    processes[index] = startApp('case-coordination', apps['case-coordination'], 1);
    await expectEventually(async () => expect((await fetch(`${url('case-coordination')}/health/ready`)).status).toBe(200), {
      timeoutMs: 60_000,
    });

    // The alert, and then the escalation its own events schedule, each reach every recipient exactly once.
    const alerted = ['fp-md-primary', 'odihr-atu-coordinator-1', 'odihr-atu-coordinator-2'];
    const escalatedTo = ['fp-md-backup-1', 'fp-md-backup-2'];
    await expectEventually(
      () => {
        for (const personId of [...alerted, ...escalatedTo])
          expect(mailTo(personId).filter((m) => m.subject.includes(caseRef)).length).toBeGreaterThanOrEqual(1);
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    for (const personId of [...alerted, ...escalatedTo]) {
      const mails = mailTo(personId).filter((m) => m.subject.includes(caseRef));
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
      expect(mails.filter((m) => !/escalat|эскалац/i.test(m.subject))).toHaveLength(alerted.includes(personId) ? 1 : 0);
    }
    expect(mailTo('fp-md-backup-1').filter((m) => m.subject.includes(caseRef) && /escalat|эскалац/i.test(m.subject))).toHaveLength(1);
  });

  // Needs servers this test may restart: those of scripts/infra (not given in env, not Testcontainers).
  const restartable = process.env.INFRA_SOURCE === 'local' ? it : it.skip;

  restartable('fires a pending escalation once, late if need be, after Redis restarts (AOF keeps the delayed job)', async () => {
    const reporter = await token('fp-md-primary', ['focal-point'], ['MD'], 'osce-presence-md');
    const reported = await call(url('case-coordination'), 'POST', '/cases', reporter, {
      urgency: 'critical',
      countries: [{ country: 'MD', role: 'transit' }],
      servicesNeeded: [],
      riskFlags: [],
      consent: { shareWithPartners: false },
    });
    const { caseId, caseRef } = reported.body as { caseId: string; caseRef: string };
    await expectEventually(() => expect(mailTo('fp-md-primary').filter((m) => m.subject.includes(caseRef))).toHaveLength(1), {
      timeoutMs: 20_000,
    });

    execFileSync('bash', [INFRA_SCRIPT, 'stop', 'redis'], { stdio: 'ignore' });
    execFileSync('bash', [INFRA_SCRIPT, 'start', 'redis'], { stdio: 'ignore' });

    await expectEventually(
      () =>
        expect(mailTo('fp-md-backup-1').filter((m) => m.subject.includes(caseRef) && /escalat|эскалац/i.test(m.subject))).toHaveLength(1),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const coordinator = await token('e2e-coordinator', ['coordinator']);
    const entries = (await call(url('case-coordination'), 'GET', `/cases/${caseId}/timeline`, coordinator)).body.entries as {
      type: string;
      details: { toRung?: number; delayMs?: number };
    }[];
    const escalations = entries.filter((e) => e.type === 'alert.escalated' && e.details.toRung === 1);
    expect(escalations).toHaveLength(1);
    expect(escalations[0].details.delayMs).toBeGreaterThanOrEqual(0);
  });
});
