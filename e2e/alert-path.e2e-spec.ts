import { execFileSync } from 'node:child_process';
import { CATALOGUE, deadLetterTopicOf, TOPICS } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import { expectEventually, hasValidWebhookSignature, INFRA_SCRIPT, testKafka, TopicRecorder } from '@ctip/testing';
import { Redis } from 'ioredis';
import { AlertStack, APPS, type App } from './alert-stack';

/**
 * The urgent-alert path end to end, every service its own process as `npm start` runs them, on the real
 * Kafka, database and Redis, with a real SMTP server and a webhook receiver. Assertions are on what
 * arrived at the SMTP server and the receiver, and on the case's timeline — not on logs.
 */
describe('urgent alert path, end to end', () => {
  const stack = new AlertStack({
    prefix: 'e2e',
    ports: { 'case-coordination': 16101, 'fund-proposals': 16102, 'training-events': 16103, notifications: 16104, directory: 16105 },
    env: { ACK_DEADLINE_CRITICAL_MS: '8000' },
  });
  const { run, smtp, hooks, signingKeys, processes } = stack;
  const canary = `Canary${run}Zeta`;
  const url = (app: App) => stack.url(app);
  const token = stack.token.bind(stack);
  const call = stack.call.bind(stack);
  const mailTo = stack.mailTo.bind(stack);
  const hooksFor = stack.hooksFor.bind(stack);

  beforeAll(() => stack.start(), 400_000);

  afterAll(() => stack.stop());

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
      expect(hasValidWebhookSignature(request, signingKeys)).toBe(true);
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
    const topics = Object.keys(CATALOGUE).flatMap((t) => [namespacedTopic(t, stack.ns), deadLetterTopicOf(namespacedTopic(t, stack.ns))]);
    const recorder = await new TopicRecorder(testKafka(), `canary-${run}`).start(topics);
    try {
      // The seed alone published about a hundred directory events; wait until the recorder has read them and the case's.
      await expectEventually(() => {
        expect(recorder.of(namespacedTopic(TOPICS.caseAlertRaised, stack.ns)).length).toBeGreaterThan(0);
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
        const [next, keysFound] = await redis.scan(cursor, 'MATCH', `ctip-${stack.ns}-*`, 'COUNT', 500);
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
    for (const service of APPS) {
      const scopedDb = stack.scoped(service);
      for (const { name } of await scopedDb.listCollections().toArray()) {
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
    await stack.restart('case-coordination', 'SIGKILL');

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
