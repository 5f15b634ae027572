import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { namespacedTopic } from '@ctip/messaging';
import { TOPICS } from '@ctip/contracts';
import {
  deliveryStates,
  expectEventually,
  INFRA_SCRIPT,
  type DeliveryState,
  redisKeysMatching,
  testKafka,
  type ServiceProcess,
} from '@ctip/testing';
import { AssignerProtocol } from 'kafkajs';
import { AlertStack, APPS, WEBHOOK_PEOPLE, type App } from './alert-stack';

const run = promisify(execFile);

/** Stops or starts one of the servers of scripts/infra (the test's own: same INFRA_DIR and port offset). */
async function infra(command: 'stop' | 'start', server: 'kafka' | 'ferretdb' | 'redis'): Promise<void> {
  await run('bash', [INFRA_SCRIPT, command, server], { timeout: 180_000 });
}

/**
 * Who a critical case found in Moldova alerts first (demo directory): the presence's focal point and the
 * ODIHR unit, each by email and by webhook (all three webhooks are pointed at the local receiver).
 */
const ALERTED = {
  email: ['fp-md-primary', 'odihr-atu-coordinator-1', 'odihr-atu-coordinator-2'],
  webhook: ['fp-md-primary', 'odihr-atu-coordinator-1', 'odihr-atu-coordinator-2'],
};

interface Report {
  key: string;
  caseId: string;
  caseRef: string;
  /** Every answer the client got for this key, in order (the last is 201 or 200). */
  statuses: (number | 'network-error')[];
  sentAt: number;
  acceptedAt: number;
}

interface DeliveryRow extends DeliveryState {
  _id: string;
  status: string;
  channel: string;
  recipientPersonId: string;
  aggregateKey: string;
  interruptedAttempts: number;
}

/**
 * Fault drills on the whole system: a server of the backbone goes away in the middle of a burst of urgent
 * reports, or a notifications instance is killed while it sends. Each ends with the same verdict, counted at
 * the SMTP server and the webhook receiver: every alert of the burst reached every recipient, and nothing
 * arrived twice — except in the one documented window (the channel accepted, the sender died before
 * recording it), where the resend carries the same Message-ID / Idempotency-Key and its delivery record
 * counts the interrupted attempt.
 */
/** Deliveries one notifications instance sends at once per channel (DELIVERY_CONCURRENCY). */
const CONCURRENCY = 5;
/** How long the receivers hold a message before accepting it while the rebalance drill fills every worker. */
const HELD_MS = 12_000;
// These stop and start servers: only those of scripts/infra (not given in env, not Testcontainers).
const restartable = process.env.INFRA_SOURCE === 'local' ? describe : describe.skip;

restartable('fault drills, end to end', () => {
  const stack = new AlertStack({
    prefix: 'faults',
    webhookPeople: [...WEBHOOK_PEOPLE, 'odihr-atu-coordinator-2'],
    ports: { 'case-coordination': 16201, 'fund-proposals': 16202, 'training-events': 16203, notifications: 16204, directory: 16205 },
    env: {
      // Leases and sweeps short enough that a drill ends in seconds; the lease is renewed while a worker lives.
      DELIVERY_LEASE_MS: '6000',
      DELIVERY_RECOVERY_INTERVAL_MS: '500',
      DELIVERY_RECOVERY_GRACE_MS: '10000',
      DELIVERY_BACKOFF_MS: '500',
      RATE_LIMIT_EMAIL_PER_SECOND: '200',
      RATE_LIMIT_WEBHOOK_PER_SECOND: '200',
      DELIVERY_CONCURRENCY: String(CONCURRENCY),
      // Above HELD_MS: a held message is slow, not failed.
      SMTP_TIMEOUT_MS: '30000',
      WEBHOOK_TIMEOUT_MS: '30000',
    },
  });
  const extraNotifications = [16206, 16207];
  let reporter: string;

  beforeAll(async () => {
    await stack.start();
    reporter = await stack.token('fp-md-primary', ['focal-point'], ['MD'], 'osce-presence-md');
  }, 400_000);

  afterAll(() => stack.stop());

  /**
   * Reports one critical case as a real client does: the same Idempotency-Key until it is accepted, after
   * a 503 (honouring Retry-After) or a dropped connection. Anything else (a 500 above all) fails the drill.
   */
  const report = async (key: string): Promise<Report> => {
    const statuses: Report['statuses'] = [];
    const sentAt = Date.now();
    const deadline = sentAt + 120_000;
    for (;;) {
      let wait = 500;
      try {
        const answer = await stack.call(
          stack.url('case-coordination'),
          'POST',
          '/cases',
          reporter,
          {
            urgency: 'critical',
            countries: [{ country: 'MD', role: 'destination' }],
            servicesNeeded: [],
            riskFlags: [],
            consent: { shareWithPartners: false },
          },
          { 'idempotency-key': key },
        );
        statuses.push(answer.status);
        if (answer.status === 201 || answer.status === 200) {
          return { key, caseId: answer.body.caseId, caseRef: answer.body.caseRef, statuses, sentAt, acceptedAt: Date.now() };
        }
        if (answer.status !== 503) throw new Error(`report ${key} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        wait = Math.min(5_000, Number(answer.headers.get('retry-after') ?? 0.5) * 1000);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // fetch failed: the connection dropped
        statuses.push('network-error');
      }
      if (Date.now() > deadline) throw new Error(`report ${key} not accepted in time: ${statuses.join(', ')}`);
      await sleep(wait); // the client's own retry pacing
    }
  };

  /** `count` reports, one every `gapMs` (each sent without waiting for the previous answer), as a burst of clients. */
  const burst = (label: string, count: number, gapMs: number) => {
    const accepted: Report[] = [];
    const all = Promise.all(
      Array.from({ length: count }, (_, i) =>
        sleep(i * gapMs).then(async () => {
          const done = await report(`${label}-${stack.run}-${i}`);
          accepted.push(done);
          return done;
        }),
      ),
    );
    // A failed report fails the drill when `all` is awaited; never an unhandled rejection meanwhile.
    all.catch(() => undefined);
    return { accepted, all };
  };

  const waitAllReady = async (timeoutMs = 120_000, ports: [App, number][] = []): Promise<void> => {
    for (const app of APPS) await stack.waitReady(app, undefined, timeoutMs);
    for (const [app, port] of ports) await stack.waitReady(app, port, timeoutMs);
  };

  const idOfMail = (messageId: string) => messageId.replace(/^<|@[^>]*>$/g, '');

  /**
   * The verdict of every drill, counted at the receivers: each case's alert reached each expected recipient
   * once per channel (one distinct Message-ID / Idempotency-Key), and a raw duplicate only ever repeats that
   * id of a delivery taken over from a worker that died mid-send (`interruptedAttempts > 0`).
   */
  const expectEveryAlertOnce = async (reports: Report[]) => {
    const refs = new Map(reports.map((r) => [r.caseRef, r.caseId]));
    const mailsOf = (personId: string, caseRef: string) => stack.mailTo(personId).filter((m) => m.subject.includes(caseRef));
    const hooksOf = (personId: string, caseRef: string) => stack.hooksFor(personId).filter((h) => h.body.includes(caseRef));
    // Every recipient got it at least once (whether more than once is judged below).
    await expectEventually(
      () => {
        const missing = [...refs.keys()].flatMap((caseRef) => [
          ...ALERTED.email.filter((who) => mailsOf(who, caseRef).length === 0).map((who) => `${caseRef} email ${who}`),
          ...ALERTED.webhook.filter((who) => hooksOf(who, caseRef).length === 0).map((who) => `${caseRef} webhook ${who}`),
        ]);
        expect(missing).toEqual([]);
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    const arrived = Date.now();
    // Every expected delivery is recorded sent, and nothing is left in flight for these cases (so no late
    // duplicate can still arrive).
    const expected = new Set(Object.entries(ALERTED).flatMap(([channel, people]) => people.map((who) => `${who} ${channel}`)));
    const records = await expectEventually(
      async () => {
        const found = await deliveryStates<DeliveryRow>(stack.scoped('notifications'), { aggregateKey: { $in: [...refs.values()] } });
        expect(found.filter((d) => ['queued', 'retrying'].includes(d.status)).map((d) => `${d._id} ${d.status}`)).toEqual([]);
        const wanted = found.filter((d) => expected.has(`${d.recipientPersonId} ${d.channel}`));
        expect(wanted.filter((d) => d.status !== 'sent').map((d) => `${d._id} ${d.status}`)).toEqual([]);
        expect(wanted).toHaveLength(refs.size * expected.size);
        return wanted;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const interrupted = new Set(records.filter((d) => d.interruptedAttempts > 0).map((d) => d._id));
    const resent: string[] = [];
    let emails = 0;
    let webhooks = 0;
    for (const caseRef of refs.keys()) {
      const received: { who: string; ids: string[] }[] = [
        ...ALERTED.email.map((who) => ({ who: `${who} email`, ids: mailsOf(who, caseRef).map((m) => idOfMail(m.messageId)) })),
        ...ALERTED.webhook.map((who) => ({
          who: `${who} webhook`,
          ids: hooksOf(who, caseRef).map((h) => String(h.headers['idempotency-key'])),
        })),
      ];
      for (const { who, ids } of received) {
        // Nothing lost, nothing twice: one distinct message per recipient and channel.
        expect([caseRef, who, new Set(ids).size]).toEqual([caseRef, who, 1]);
        // A raw duplicate is only ever the documented resend of an interrupted delivery, under the same id.
        if (ids.length > 1) {
          expect([caseRef, who, ids[0], interrupted.has(ids[0])]).toEqual([caseRef, who, ids[0], true]);
          resent.push(...ids.slice(1));
        }
      }
      emails += ALERTED.email.reduce((n, who) => n + mailsOf(who, caseRef).length, 0);
      webhooks += ALERTED.webhook.reduce((n, who) => n + hooksOf(who, caseRef).length, 0);
    }
    return { emails, webhooks, resent: resent.length, interrupted: interrupted.size, arrived };
  };

  /** Every report opened exactly one case, however often it was retried. */
  const expectOneCasePerKey = async (reports: Report[]) => {
    const cases = stack.scoped('case-coordination').collection('cases');
    for (const r of reports) expect([r.key, await cases.countDocuments({ intakeKey: `fp-md-primary/${r.key}` })]).toEqual([r.key, 1]);
    expect(new Set(reports.map((r) => r.caseId)).size).toBe(reports.length);
  };

  const expectAllRunning = (processes: ServiceProcess[]) =>
    expect(processes.filter((p) => !p.running).map((p) => `${p.name} exited ${p.exitCode ?? p.signal}`)).toEqual([]);

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

  /** Stops a server, sends a second wave of 10 reports while it is away, keeps it down `ms`, starts it again. */
  const outage = async (server: 'kafka' | 'ferretdb', ms: number, label: string) => {
    const stopping = Date.now();
    await infra('stop', server);
    const down = Date.now();
    const during = burst(label, 10, 300);
    await sleep(ms); // the outage itself, not a wait for an effect
    const starting = Date.now();
    await infra('start', server);
    return { during, stopping, down, starting, up: Date.now() };
  };

  it('loses no alert and sends none twice when the Kafka broker is down for 10 s during a burst', async () => {
    const processes = APPS.map((app) => stack.process(app));
    const before = burst('kafka-before', 10, 300);
    await expectEventually(() => expect(before.accepted.length).toBeGreaterThanOrEqual(5), { timeoutMs: 60_000, intervalMs: 50 });

    // The clients keep reporting while the broker is away.
    const { during, stopping, down, starting, up } = await outage('kafka', 10_000, 'kafka-during');

    const duringOutage = await during.all;
    const reports = [...(await before.all), ...duringOutage];
    // The reports sent while the broker was down were accepted at once (their alerts wait in the outbox):
    // none waited for the broker to come back.
    expect(duringOutage.filter((r) => r.acceptedAt - r.sentAt > 5_000).map((r) => `${r.key} ${r.acceptedAt - r.sentAt} ms`)).toEqual([]);
    const answeredWhileDown = duringOutage.filter((r) => r.acceptedAt < starting).length;
    expect(reports.flatMap((r) => r.statuses).filter((s) => s !== 201)).toEqual([]);
    await waitAllReady();
    const ready = Date.now();
    const verdict = await expectEveryAlertOnce(reports);

    expectAllRunning(processes);
    await expectOneCasePerKey(reports);
    process.stderr.write(
      `fault drill kafka: ${reports.length} reports, ${duringOutage.length} sent while the broker was down, all accepted ` +
        `(${answeredWhileDown} before it was back; slowest answer ${Math.max(...reports.map((r) => r.acceptedAt - r.sentAt))} ms); broker stopping ${seconds(down - stopping)}, ` +
        `down ${seconds(starting - down)}, starting ${seconds(up - starting)}; every service ready ${seconds(ready - up)} and every ` +
        `alert delivered ${seconds(verdict.arrived - up)} after it was back; ${verdict.emails} emails + ${verdict.webhooks} webhooks, ` +
        `${verdict.resent} resent (${verdict.interrupted} interrupted deliveries)\n`,
    );
  }, 240_000);

  it('loses no alert, sends none twice and opens one case per report when the database restarts during a burst', async () => {
    const processes = APPS.map((app) => stack.process(app));
    const before = burst('db-before', 10, 300);
    await expectEventually(() => expect(before.accepted.length).toBeGreaterThanOrEqual(5), { timeoutMs: 60_000, intervalMs: 50 });

    // The clients keep reporting while the database is away.
    const { during, stopping, down, starting, up } = await outage('ferretdb', 5_000, 'db-during');

    const reports = [...(await before.all), ...(await during.all)];
    const statuses = reports.flatMap((r) => r.statuses);
    // Refused while the database was away (503, never 500), accepted once it was back; a retry opens no second case.
    expect(statuses.filter((s) => s !== 201 && s !== 200 && s !== 503 && s !== 'network-error')).toEqual([]);
    await expectOneCasePerKey(reports);
    await waitAllReady();
    const ready = Date.now();
    const verdict = await expectEveryAlertOnce(reports);

    expectAllRunning(processes);
    const retried = reports.filter((r) => r.statuses.length > 1);
    expect(retried.length).toBeGreaterThan(0);
    process.stderr.write(
      `fault drill database: ${reports.length} reports, ${retried.length} retried after ${statuses.filter((s) => s === 503).length} ` +
        `answers 503 and ${statuses.filter((s) => s === 'network-error').length} dropped connections, ` +
        `${statuses.filter((s) => s === 200).length} retries answered 200 (already opened), one case each; database stopping ` +
        `${seconds(down - stopping)}, down ${seconds(starting - down)}, starting ${seconds(up - starting)}; every service ready ` +
        `${seconds(ready - up)} and every alert delivered ${seconds(verdict.arrived - up)} after it was back; ${verdict.emails} emails + ` +
        `${verdict.webhooks} webhooks, ${verdict.resent} resent (${verdict.interrupted} interrupted deliveries)\n`,
    );
  }, 240_000);

  it('loses no alert and sends none twice when one of three notifications instances is killed mid-burst', async () => {
    // Case alerts have the urgent lane's consumer group (NotificationEventsConsumer).
    const group = `${namespacedTopic('notifications', stack.ns)}.urgent`;
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const alertTopic = namespacedTopic(TOPICS.caseAlertRaised, stack.ns);
      /** The group's state, its members, and the partitions of the alert topic they hold between them. */
      const members = async () => {
        const [described] = (await admin.describeGroups([group])).groups;
        const partitions = described.members
          .flatMap((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[alertTopic] ?? [])
          .sort((a, b) => a - b);
        return { state: described.state, count: described.members.length, partitions };
      };
      const extras = extraNotifications.map((port) => stack.startApp('notifications', port));
      for (const port of extraNotifications) await stack.waitReady('notifications', port);
      await expectEventually(async () => expect(await members()).toEqual({ state: 'Stable', count: 3, partitions: [0, 1, 2] }), {
        timeoutMs: 60_000,
        intervalMs: 250,
      });

      // Slow receivers hold every delivery in flight for a while, on every instance.
      stack.smtp.rcptDelayMs = HELD_MS;
      stack.hooks.delayMs = HELD_MS;
      const first = burst('rebalance-a', 10, 50);
      // More email and webhook claims in flight than the two other instances can hold (each sends at most
      // DELIVERY_CONCURRENCY per channel at once): the instance killed holds some of them.
      const inFlight = async () => {
        // Claims held (DeliveryClaims keeps them in Redis, `ctip-<instance>:deliveries:claim:<id>`).
        const prefix = `ctip-${stack.ns}-notifications:deliveries:claim:`;
        const claimed = (await redisKeysMatching(process.env.REDIS_URL!, `${prefix}*`)).map((key) => key.slice(prefix.length));
        if (claimed.length === 0) return 0;
        const states = await deliveryStates(
          stack.scoped('notifications'),
          { _id: { $in: claimed }, channel: { $in: ['email', 'webhook'] } },
          { _id: 1 },
        );
        return states.filter((d) => ['queued', 'retrying'].includes(d.status)).length;
      };
      const atKill = await expectEventually(
        async () => {
          const count = await inFlight();
          expect(count).toBeGreaterThan(2 * 2 * CONCURRENCY);
          return count;
        },
        { timeoutMs: 60_000, intervalMs: 20 },
      );
      const victim = extras[0];
      victim.kill('SIGKILL');
      const killed = Date.now();
      await victim.waitForExit();
      stack.smtp.rcptDelayMs = 200;
      stack.hooks.delayMs = 200;
      // The rest of the burst, some of it on the dead instance's partitions until the group rebalances.
      const second = burst('rebalance-b', 10, 50);
      const reports = [...(await first.all), ...(await second.all)];
      expect(reports.flatMap((r) => r.statuses).filter((s) => s !== 201)).toEqual([]);

      const verdict = await expectEveryAlertOnce(reports);

      stack.smtp.rcptDelayMs = 0;
      stack.hooks.delayMs = 0;
      // The survivors took over: the dead instance's claims (interrupted, then sent) and its partitions.
      expect(verdict.interrupted).toBeGreaterThan(0);
      expect(await members()).toEqual({ state: 'Stable', count: 2, partitions: [0, 1, 2] });
      expectAllRunning([...APPS.map((app) => stack.process(app)), extras[1]]);
      await waitAllReady(60_000, [['notifications', extraNotifications[1]]]);
      process.stderr.write(
        `fault drill rebalance: ${reports.length} reports, one of 3 notifications instances killed with ${atKill} email and ` +
          `webhook deliveries in flight in the group, ${verdict.interrupted} of them its own and taken over; every alert delivered ${seconds(verdict.arrived - killed)} after the kill; ${verdict.emails} emails + ` +
          `${verdict.webhooks} webhooks, ${verdict.resent} resent\n`,
      );
    } finally {
      await admin.disconnect();
    }
  }, 240_000);
});
