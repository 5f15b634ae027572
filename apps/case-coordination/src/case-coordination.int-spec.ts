import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken, type Role } from '@ctip/auth';
import { CATALOGUE, TOPICS, type EventEnvelope, type Payload, type Topic } from '@ctip/contracts';
import { createKafka, EventProducer, namespacedTopic } from '@ctip/messaging';
import { createLogger } from '@ctip/observability';
import { expectEventually, ServiceProcess, testKafka, TopicRecorder, uniqueSuffix, serviceEnv } from '@ctip/testing';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';

/**
 * The case-coordination service as its own process(es) on real Kafka, database and Redis, isolated by
 * a fresh namespace (topics, consumer group, database, queues) per run.
 */
describe('case coordination', () => {
  const run = uniqueSuffix();
  const ns = `it-${run}`;
  const keysDir = mkdtempSync(join(tmpdir(), 'ctip-cc-keys-'));
  const issuer = 'http://localhost/ctip-test';
  const audience = 'ctip-api';
  const canary = `Canary-${run}-Person`;
  const processes: ServiceProcess[] = [];
  let keys: Awaited<ReturnType<typeof ensureDevKeys>>;
  let producer: EventProducer;
  let recorder: TopicRecorder;
  let db: Connection;
  let redis: Redis;
  let port = 15100;

  const id = (name: string) => `${name}-${run}`;
  const presences = { AL: id('presence-al'), MD: id('presence-md') };
  const unit = id('odihr-atu');
  const shelter = id('shelter-al');

  const start = (name: string) => {
    const servicePort = (port += 1);
    const proc = new ServiceProcess(`case-coordination-${name}-${run}`, 'apps/case-coordination/src/main.js', {
      PORT: String(servicePort),
      ...serviceEnv({ namespace: ns, issuer, audience, jwksFile: keys.jwksFile }),
      ACK_DEADLINE_CRITICAL_MS: '2500',
      ACK_DEADLINE_HIGH_MS: '2500',
      ACK_DEADLINE_NORMAL_MS: '600000',
      OUTBOX_SWEEP_INTERVAL_MS: '250',
      OUTBOX_GRACE_MS: '1000',
      LOG_LEVEL: 'debug',
    }).start();
    processes.push(proc);
    return { proc, url: `http://127.0.0.1:${servicePort}` };
  };

  const ready = async (url: string) =>
    expectEventually(async () => expect((await fetch(`${url}/health/ready`)).status).toBe(200), { timeoutMs: 60_000, intervalMs: 200 });

  /** A counter of a service's /metrics, summed over the series whose labels include `labels`. */
  const metric = async (url: string, name: string, labels: string): Promise<number> =>
    (await (await fetch(`${url}/metrics`)).text())
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);

  const token = (subject: string, roles: Role[], countries: string[] = [], organisationId?: string) =>
    mintDevToken({ ...keys, issuer, audience, subject, roles, countries, ...(organisationId ? { organisationId } : {}) });

  const call = async (
    url: string,
    method: string,
    path: string,
    auth: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const publish = <T extends Topic>(topic: T, data: Payload<T>) => producer.publish(topic, data);
  const events = <T extends Topic>(topic: T) =>
    recorder.of(namespacedTopic(topic, ns)).map((m) => JSON.parse(m.value!) as EventEnvelope<Payload<T>>);

  const organisation = (
    organisationId: string,
    kind: 'field-presence' | 'coordination-unit' | 'partner',
    country: string,
    services: Payload<'directory.organisation.changed.v1'>['services'] = [],
  ) =>
    publish(TOPICS.directoryOrganisationChanged, {
      organisationId,
      kind,
      ...(kind === 'partner' ? { partnerType: 'shelter' as const } : {}),
      name: `[TEST] ${organisationId}`,
      country,
      countriesCovered: [country],
      regions: [],
      services,
      languages: ['en', 'ru'],
      timeZone: 'Europe/Vienna',
      active: true,
      revision: 1,
      demo: true,
    });
  const person = (personId: string, organisationId: string) =>
    publish(TOPICS.directoryPersonChanged, {
      personId,
      organisationId,
      displayName: `[TEST] ${personId}`,
      roles: ['focal-point'],
      languages: ['en'],
      timeZone: 'Europe/Vienna',
      contactPoints: [],
      active: true,
      revision: 1,
      demo: true,
    });

  let main: { proc: ServiceProcess; url: string };

  beforeAll(async () => {
    keys = await ensureDevKeys(keysDir);
    const logger = createLogger({ service: 'case-coordination-test', level: 'silent' });
    producer = new EventProducer(
      createKafka({ clientId: 'cc-test', brokers: process.env.KAFKA_BROKERS!.split(','), logger }),
      CATALOGUE,
      'hotline-integration',
      ns,
    );
    db = await mongoose.createConnection(process.env.MONGO_URL!, { dbName: `ctip_it_${run}_case_coordination` }).asPromise();
    redis = new Redis(process.env.REDIS_URL!);

    main = start('a');
    await ready(main.url); // topics of the namespace exist once the service is ready
    recorder = await new TopicRecorder(testKafka(), `recorder-${run}`).start(Object.keys(CATALOGUE).map((t) => namespacedTopic(t, ns)));

    // The directory, as the directory service would publish it.
    await organisation(presences.AL, 'field-presence', 'AL');
    await organisation(presences.MD, 'field-presence', 'MD');
    await organisation(unit, 'coordination-unit', 'PL');
    await organisation(shelter, 'partner', 'AL', ['shelter', 'medical']);
    for (const [p, org] of [
      ['al-1', presences.AL],
      ['al-2', presences.AL],
      ['al-head', presences.AL],
      ['md-1', presences.MD],
      ['md-2', presences.MD],
      ['md-head', presences.MD],
      ['coord-1', unit],
      ['shelter-staff', shelter],
    ] as const)
      await person(id(p), org);
    for (const [org, country] of [
      [presences.AL, 'al'],
      [presences.MD, 'md'],
    ] as const) {
      await publish(TOPICS.directoryRosterChanged, {
        organisationId: org,
        primaryFocalPointId: id(`${country}-1`),
        backupIds: [id(`${country}-2`)],
        headOfMissionId: id(`${country}-head`),
        absences: [],
        revision: 1,
      });
    }
    await expectEventually(async () => {
      expect(await db.collection('directory_people').countDocuments()).toBe(8);
      expect(await db.collection('directory_rosters').countDocuments()).toBe(2);
      expect(await db.collection('directory_organisations').countDocuments()).toBe(4);
    });
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await recorder?.stop();
    await producer?.disconnect();
    await db?.close();
    await redis?.quit();
  });

  const crossBorderReport = (urgency: 'critical' | 'high' = 'critical') => ({
    urgency,
    countries: [
      { country: 'AL', role: 'found' },
      { country: 'MD', role: 'origin' },
    ],
    servicesNeeded: ['shelter', 'legal-aid'],
    riskFlags: ['immediate-danger'],
    consent: { shareWithPartners: true },
    identity: { fullName: canary, dateOfBirth: '2004-05-06', phone: '+373 600 12345' },
    notes: `Met ${canary} at the bus station`,
  });

  const raisedFor = (caseId: string) => events(TOPICS.caseAlertRaised).filter((e) => e.data.caseId === caseId);
  const escalatedFor = (caseId: string) => events(TOPICS.caseAlertEscalated).filter((e) => e.data.caseId === caseId);

  it('alerts both presences of a cross-border critical case, the coordination unit and the shelter where the person was found', async () => {
    const reporter = await token(id('md-1'), ['focal-point'], ['MD'], presences.MD);
    const created = await call(main.url, 'POST', '/cases', reporter, crossBorderReport());
    expect(created.status).toBe(201);
    expect(created.body.caseRef).toMatch(/^RR-\d{4}-\d{6}$/);
    expect(created.body).not.toHaveProperty('identity');

    const raised = await expectEventually(() => {
      const list = raisedFor(created.body.caseId);
      expect(list).toHaveLength(4);
      return list;
    });
    const groups = raised.map((e) => [e.data.recipients.kind, e.data.recipients.organisationId, e.data.recipients.personIds]).sort();
    expect(groups).toEqual(
      [
        ['coordination-unit', unit, [id('coord-1')]],
        ['focal-point', presences.AL, [id('al-1')]],
        ['focal-point', presences.MD, [id('md-1')]],
        ['partner', shelter, [id('shelter-staff')]],
      ].sort(),
    );
    for (const e of raised) {
      expect(e.key).toBe(created.body.caseId);
      expect(e.data).toMatchObject({
        caseRef: created.body.caseRef,
        urgency: 'critical',
        servicesNeeded: ['shelter', 'legal-aid'],
        rung: 0,
      });
      expect(Date.parse(e.data.acknowledgeBy) - Date.parse(e.occurredAt)).toBeGreaterThan(2_000);
    }
    expect(events(TOPICS.caseOpened).filter((e) => e.data.caseId === created.body.caseId)).toHaveLength(1);
  });

  it('escalates to the backup, then to the head of mission, when nobody acknowledges; the timeline shows every step', async () => {
    const reporter = await token(id('md-1'), ['focal-point'], ['MD'], presences.MD);
    const correlationId = `hotline-call-${run}`;
    const created = await call(
      main.url,
      'POST',
      '/cases',
      reporter,
      { ...crossBorderReport(), countries: [{ country: 'MD', role: 'origin' }] },
      { 'x-correlation-id': correlationId },
    );
    const caseId = created.body.caseId as string;

    const escalations = await expectEventually(
      () => {
        const list = escalatedFor(caseId).filter((e) => e.data.recipients.organisationId === presences.MD);
        expect(list.map((e) => e.data.toRung)).toEqual([1, 2]);
        return list;
      },
      { timeoutMs: 20_000 },
    );
    expect(escalations.map((e) => e.data.recipients.personIds)).toEqual([[id('md-2')], [id('md-head')]]);
    // The request's correlation id travels into the events, through the escalation jobs, and into their events.
    expect([...raisedFor(caseId), ...escalations].map((e) => e.correlationId)).toEqual(
      Array(raisedFor(caseId).length + 2).fill(correlationId),
    );
    expect(main.proc.lines.some((line) => line.includes(`"correlationId":"${correlationId}"`))).toBe(true);

    const timeline = await call(main.url, 'GET', `/cases/${caseId}/timeline`, await token('coordinator-1', ['coordinator']));
    expect(timeline.body.entries.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['case.reported', 'alert.raised', 'alert.escalated', 'alert.escalated']),
    );
  });

  it('stops escalating once an alerted person acknowledges; acknowledging again is idempotent; others may not', async () => {
    const reporter = await token(id('md-1'), ['focal-point'], ['MD'], presences.MD);
    const created = await call(main.url, 'POST', '/cases', reporter, {
      ...crossBorderReport('high'),
      countries: [{ country: 'MD', role: 'destination' }],
    });
    const caseId = created.body.caseId as string;
    const [alert] = await expectEventually(() => {
      const list = raisedFor(caseId).filter((e) => e.data.recipients.organisationId === presences.MD);
      expect(list).toHaveLength(1);
      return list;
    });
    const path = `/cases/${caseId}/alerts/${alert.data.alertId}/acknowledgement`;
    // The escalation job is pending before the acknowledgement (so its disappearance below means something).
    const jobKey = `ctip-${ns}-case-coordination:case-escalations:escalate-${alert.data.alertId}-rung-0`;
    await expectEventually(async () => expect(await redis.exists(jobKey)).toBe(1));

    const stranger = await call(main.url, 'POST', path, await token(id('al-1'), ['focal-point'], ['AL']));
    expect(stranger.status).toBe(403);
    const first = await call(main.url, 'POST', path, reporter);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: id('md-1') });
    const again = await call(main.url, 'POST', path, reporter);
    expect(again.status).toBe(200);
    expect(again.body.acknowledgedAt).toBe(first.body.acknowledgedAt);

    await expectEventually(() =>
      expect(events(TOPICS.caseAlertAcknowledged).filter((e) => e.data.alertId === alert.data.alertId)).toHaveLength(1),
    );
    // The pending escalation job is gone, and past the deadline nothing escalated.
    await expectEventually(async () => expect(await redis.exists(jobKey)).toBe(0));
    await expectEventually(() => expect(Date.now()).toBeGreaterThan(Date.parse(alert.data.acknowledgeBy) + 1_500), {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    expect(escalatedFor(caseId)).toHaveLength(0);
  });

  it('escalates exactly once with two instances running and one killed and restarted in between', async () => {
    const second = start('b');
    await ready(second.url);
    const reporter = await token(id('al-1'), ['focal-point'], ['AL'], presences.AL);
    const created = await call(second.url, 'POST', '/cases', reporter, {
      ...crossBorderReport(),
      countries: [{ country: 'AL', role: 'found' }],
    });
    const caseId = created.body.caseId as string;
    await expectEventually(() => expect(raisedFor(caseId).length).toBeGreaterThan(0));
    main.proc.kill('SIGKILL');
    await main.proc.waitForExit();
    main = start('a2');
    await ready(main.url);

    // Exactly once in effect: one escalation per rung in the case's state, and one event id per rung
    // (Kafka may carry an event twice, at least once; consumers deduplicate by id).
    const alEscalations = () => escalatedFor(caseId).filter((e) => e.data.recipients.organisationId === presences.AL);
    await expectEventually(() => expect([...new Set(alEscalations().map((e) => e.data.toRung))]).toEqual([1, 2, 3]), { timeoutMs: 30_000 });
    const idsPerRung = new Map<number, Set<string>>();
    for (const e of alEscalations()) idsPerRung.set(e.data.toRung, (idsPerRung.get(e.data.toRung) ?? new Set()).add(e.id));
    expect([...idsPerRung.values()].map((ids) => ids.size)).toEqual([1, 1, 1]);
    const timeline = await call(main.url, 'GET', `/cases/${caseId}/timeline`, await token('coordinator-1', ['coordinator']));
    const escalatedRungs = timeline.body.entries
      .filter(
        (e: { type: string; details: { alertId: string } }) =>
          e.type === 'alert.escalated' && e.details.alertId === alEscalations()[0].data.alertId,
      )
      .map((e: { details: { toRung: number } }) => e.details.toRung);
    expect(escalatedRungs).toEqual([1, 2, 3]);
    await second.proc.stop('SIGTERM');
  });

  it('answers bad reports with the fields and reasons, and writes nothing', async () => {
    const reporter = await token(id('md-1'), ['focal-point'], ['MD'], presences.MD);
    const before = await db.collection('cases').countDocuments();
    const invalid = await call(main.url, 'POST', '/cases', reporter, {
      urgency: 'urgent',
      countries: [],
      consent: {},
      identity: { shoeSize: 42 },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'consent.shareWithPartners',
      'countries',
      'identity',
      'urgency',
    ]);
    const unknown = await call(main.url, 'POST', '/cases', reporter, {
      ...crossBorderReport(),
      countries: [{ country: 'QQ', role: 'found' }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'countries.0.country', reason: 'unknown country QQ' }]);
    const unknownOrg = await call(main.url, 'POST', '/cases', await token('x', ['partner'], [], 'no-such-org'), crossBorderReport());
    expect(unknownOrg.status).toBe(422);
    expect(await db.collection('cases').countDocuments()).toBe(before);
    expect(JSON.stringify([invalid.body, unknown.body])).not.toContain(canary);
  });

  it('opens one case for a report retried with the same Idempotency-Key, and for an integrator event delivered twice', async () => {
    const reporter = await token(id('md-1'), ['focal-point'], ['MD'], presences.MD);
    const key = `retry-${run}-1`;
    const first = await call(main.url, 'POST', '/cases', reporter, crossBorderReport('high'), { 'idempotency-key': key });
    const retry = await call(main.url, 'POST', '/cases', reporter, crossBorderReport('high'), { 'idempotency-key': key });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.caseId).toBe(first.body.caseId);
    // Keys are scoped by the caller: another reporter's same key is another report.
    const other = await call(
      main.url,
      'POST',
      '/cases',
      await token(id('md-2'), ['focal-point'], ['MD'], presences.MD),
      crossBorderReport('high'),
      {
        'idempotency-key': key,
      },
    );
    expect(other.status).toBe(201);
    expect(other.body.caseId).not.toBe(first.body.caseId);
    const badKey = await call(main.url, 'POST', '/cases', reporter, crossBorderReport('high'), { 'idempotency-key': 'short' });
    expect(badKey).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'Idempotency-Key', reason: 'must be 8–100 letters, digits or ._:-' }] },
    });

    const report = {
      reportId: `hotline-${run}`,
      reportingOrganisationId: shelter,
      urgency: 'high' as const,
      countries: [{ country: 'AL' as const, role: 'found' as const }],
      servicesNeeded: [],
      riskFlags: [],
      consentToShare: false,
    };
    await publish(TOPICS.caseReported, report);
    await publish(TOPICS.caseReported, report);
    await expectEventually(async () =>
      expect(await db.collection('cases').countDocuments({ intakeKey: `${shelter}/hotline-${run}` })).toBe(1),
    );
  });

  it('runs a referral through accept and complete, visible to the partner only, each step an event on the timeline', async () => {
    const focal = await token(id('al-1'), ['focal-point'], ['AL'], presences.AL);
    const partner = await token(id('shelter-staff'), ['partner'], ['AL'], shelter);
    const created = await call(main.url, 'POST', '/cases', focal, crossBorderReport('high'));
    const caseId = created.body.caseId as string;

    const notOffered = await call(main.url, 'POST', `/cases/${caseId}/referrals`, focal, { organisationId: shelter, service: 'legal-aid' });
    expect(notOffered.status).toBe(422);
    const referralKey = { 'idempotency-key': `referral-${run}-1` };
    const referral = { organisationId: shelter, service: 'shelter' };
    const made = await call(main.url, 'POST', `/cases/${caseId}/referrals`, focal, referral, referralKey);
    expect(made.status).toBe(201);
    const referralId = made.body.referralId as string;
    // A retry with the same key finds the first referral (and publishes nothing more, checked below).
    const retried = await call(main.url, 'POST', `/cases/${caseId}/referrals`, focal, referral, referralKey);
    expect(retried).toMatchObject({ status: 200, body: { referralId } });

    const listed = await call(main.url, 'GET', '/referrals', partner);
    expect(listed.body.items.map((r: { referralId: string }) => r.referralId)).toContain(referralId);
    expect(JSON.stringify(listed.body)).not.toContain(canary);
    expect(
      (await call(main.url, 'POST', `/referrals/${referralId}/acceptance`, await token('other', ['partner'], [], 'other-org'))).status,
    ).toBe(403);
    expect((await call(main.url, 'POST', `/referrals/${referralId}/completion`, partner)).status).toBe(409);
    expect((await call(main.url, 'POST', `/referrals/${referralId}/acceptance`, partner)).body.status).toBe('accepted');
    expect((await call(main.url, 'POST', `/referrals/${referralId}/completion`, partner)).body.status).toBe('completed');

    await expectEventually(() => {
      expect(events(TOPICS.caseReferralMade).filter((e) => e.data.referralId === referralId)).toHaveLength(1);
      expect(events(TOPICS.caseReferralAccepted).filter((e) => e.data.referralId === referralId)).toHaveLength(1);
      expect(events(TOPICS.caseReferralCompleted).filter((e) => e.data.referralId === referralId)).toHaveLength(1);
    });
    const timeline = await call(main.url, 'GET', `/cases/${caseId}/timeline`, focal);
    expect(timeline.body.entries.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['referral.made', 'referral.accepted', 'referral.completed']),
    );
  });

  it('files delivery reports from the notifications service on the case timeline, once', async () => {
    const focal = await token(id('al-1'), ['focal-point'], ['AL'], presences.AL);
    const created = await call(main.url, 'POST', '/cases', focal, crossBorderReport('high'));
    const report = {
      notificationId: randomUUID(),
      sourceEventId: randomUUID(),
      sourceType: 'case.alert.raised',
      aggregateKey: created.body.caseId as string,
      recipientPersonId: id('al-1'),
      channel: 'email' as const,
      attempts: 1,
      deliveredAt: new Date().toISOString(),
    };
    const envelope = producer.envelopes.build(TOPICS.notificationDelivered, report);
    // The handler is idempotent by the report's id (no inbox): both copies are handled, one entry is filed.
    const handled = () =>
      metric(main.url, 'ctip_kafka_handler_duration_seconds_count', `topic="${namespacedTopic(TOPICS.notificationDelivered, ns)}"`);
    const handledBefore = await handled();
    await producer.send(TOPICS.notificationDelivered, [envelope, envelope]);
    // Only once the second copy has been handled too is "once" proven.
    await expectEventually(async () => expect(await handled()).toBe(handledBefore + 2));
    const timeline = await call(main.url, 'GET', `/cases/${created.body.caseId}/timeline`, focal);
    expect(timeline.body.entries.filter((e: { type: string }) => e.type === 'notification.delivered')).toEqual([
      expect.objectContaining({ id: envelope.id, details: expect.objectContaining({ channel: 'email', attempts: 1 }) }),
    ]);

    // A batch with a report already filed, two new ones, one about a proposal and one about no known case:
    // the two new ones are filed (the redelivered one matched nothing, so the rest went again), nothing else.
    const more = [randomUUID(), randomUUID()].map((notificationId) =>
      producer.envelopes.build(TOPICS.notificationDelivered, { ...report, notificationId, channel: 'in-app' as const }),
    );
    const elsewhere = [
      producer.envelopes.build(TOPICS.notificationDelivered, { ...report, sourceType: 'fund.proposal.decided' }),
      producer.envelopes.build(TOPICS.notificationDelivered, { ...report, aggregateKey: randomUUID() }),
    ];
    await producer.send(TOPICS.notificationDelivered, [envelope, ...more, ...elsewhere]);
    await expectEventually(async () => expect(await handled()).toBe(handledBefore + 7));
    const after = await call(main.url, 'GET', `/cases/${created.body.caseId}/timeline`, focal);
    expect(
      after.body.entries
        .filter((e: { type: string }) => e.type === 'notification.delivered')
        .map((e: { id: string }) => e.id)
        .sort(),
    ).toEqual([envelope.id, ...more.map((e) => e.id)].sort());
    // Nothing of the guard in the case as the API shows it.
    expect(JSON.stringify((await call(main.url, 'GET', `/cases/${created.body.caseId}`, focal)).body)).not.toContain('filedReports');
  });

  it('takes a new case’s published events out of its outbox with the first delivery reports’ write, or on its own when none comes', async () => {
    const focal = await token(id('al-1'), ['focal-point'], ['AL'], presences.AL);
    const pendingKey = `ctip:${ns}-case-coordination:outbox:pending`;
    const stored = (caseId: string) =>
      db
        .collection<{ _id: string; outbox: unknown[]; timeline: { id: string }[] }>('cases')
        .findOne({ _id: caseId }, { projection: { outbox: 1, timeline: 1 } });
    const deliveredReport = (caseId: string) =>
      producer.envelopes.build(TOPICS.notificationDelivered, {
        notificationId: randomUUID(),
        sourceEventId: randomUUID(),
        sourceType: 'case.alert.raised',
        aggregateKey: caseId,
        recipientPersonId: id('al-1'),
        channel: 'email' as const,
        attempts: 1,
        deliveredAt: new Date().toISOString(),
      });

    // A report comes while the events are held: the state in which the report is filed has no outbox left.
    const reported = await call(main.url, 'POST', '/cases', focal, crossBorderReport('high'));
    const caseId = reported.body.caseId as string;
    const alerted = (reported.body.alerts as unknown[]).length;
    expect(alerted).toBeGreaterThan(0);
    await expectEventually(() => expect(raisedFor(caseId)).toHaveLength(alerted));
    const report = deliveredReport(caseId);
    await producer.send(TOPICS.notificationDelivered, [report]);
    const filed = await expectEventually(async () => {
      const doc = await stored(caseId);
      expect(doc?.timeline.map((e) => e.id)).toContain(report.id);
      return doc!;
    });
    expect(filed.outbox).toEqual([]);

    // No report: the events leave the outbox on their own once the hold is over.
    const quiet = (await call(main.url, 'POST', '/cases', focal, crossBorderReport('high'))).body.caseId as string;
    await expectEventually(async () => expect((await stored(quiet))?.outbox).toEqual([]), { timeoutMs: 15_000 });

    // Both marks are cleared, so the sweeper never publishes either case's events again.
    for (const done of [caseId, quiet])
      await expectEventually(async () => expect(await redis.zscore(pendingKey, `cases\u0000${done}`)).toBeNull());
    expect(raisedFor(caseId)).toHaveLength(alerted);
    expect(raisedFor(quiet)).toHaveLength(alerted);
  });

  it('lists cases newest first, and paging with nextCursor visits each once', async () => {
    const reporter = await token(id('md-1'), ['focal-point'], ['MD'], presences.MD);
    const opened: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const created = await call(main.url, 'POST', '/cases', reporter, {
        ...crossBorderReport('high'),
        countries: [{ country: 'KZ', role: 'destination' }],
      });
      expect(created.status).toBe(201);
      opened.push(created.body.caseId as string);
    }
    // Only these cases involve Kazakhstan in this run's database.
    const kazakhstan = await token(id('kz-1'), ['focal-point'], ['KZ']);
    const seen: { caseId: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await call(main.url, 'GET', `/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`, kazakhstan);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((c) => c.caseId)).toEqual([...opened].reverse());
    const times = seen.map((c) => Date.parse(c.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Of the cursor's form (base64url) but not made by this list: 422; not of its form at all: 400.
    const refused = await call(main.url, 'GET', '/cases?cursor=not-a-cursor', kazakhstan);
    expect(refused).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'cursor', reason: 'is not a cursor returned by this list' }] },
    });
    const malformed = await call(main.url, 'GET', '/cases?cursor=not%20a%20cursor', kazakhstan);
    expect(malformed).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
    const tooMany = await call(main.url, 'GET', '/cases?limit=101', kazakhstan);
    expect(tooMany).toMatchObject({ status: 400, body: { errors: [{ field: 'limit' }] } });
  });

  it('enforces who sees what: role × country × endpoint', async () => {
    const md = await token(id('md-1'), ['focal-point'], ['MD'], presences.MD);
    const created = await call(main.url, 'POST', '/cases', md, {
      ...crossBorderReport('high'),
      countries: [{ country: 'MD', role: 'origin' }],
    });
    const caseId = created.body.caseId as string;
    const callers: [string, string | undefined][] = [
      ['coordinator', await token('coord', ['coordinator'])],
      ['focal point MD', md],
      ['focal point GE', await token('ge', ['focal-point'], ['GE'])],
      ['partner', await token('p', ['partner'], ['MD'], shelter)],
      ['fund officer', await token('f', ['fund-officer'])],
      ['admin', await token('a', ['admin'])],
      ['no token', undefined],
    ];
    const endpoints: [string, string, string, unknown?][] = [
      ['view', 'GET', `/cases/${caseId}`],
      ['timeline', 'GET', `/cases/${caseId}/timeline`],
      ['identity', 'POST', `/cases/${caseId}/identity-access`, { reason: 'arranging shelter transfer' }],
      ['list', 'GET', '/cases'],
    ];
    const matrix: Record<string, Record<string, number>> = {};
    for (const [who, auth] of callers) {
      matrix[who] = {};
      for (const [name, method, path, body] of endpoints) matrix[who][name] = (await call(main.url, method, path, auth, body)).status;
    }
    expect(matrix).toEqual({
      coordinator: { view: 200, timeline: 200, identity: 200, list: 200 },
      'focal point MD': { view: 200, timeline: 200, identity: 200, list: 200 },
      'focal point GE': { view: 404, timeline: 404, identity: 404, list: 200 },
      partner: { view: 403, timeline: 403, identity: 403, list: 403 },
      'fund officer': { view: 403, timeline: 403, identity: 403, list: 403 },
      admin: { view: 403, timeline: 403, identity: 403, list: 403 },
      'no token': { view: 401, timeline: 401, identity: 401, list: 401 },
    });
    const geList = await call(main.url, 'GET', '/cases', callers[2][1]);
    expect(geList.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);

    const identity = await call(main.url, 'POST', `/cases/${caseId}/identity-access`, md, { reason: 'arranging shelter transfer' });
    expect(identity.body.identity).toMatchObject({ fullName: canary, dateOfBirth: '2004-05-06' });
    const audit = await call(main.url, 'GET', `/cases/${caseId}/audit`, callers[0][1]);
    expect(audit.body.items.map((r: { actor: string; reason: string }) => [r.actor, r.reason])).toEqual([
      ['coord', 'arranging shelter transfer'],
      [id('md-1'), 'arranging shelter transfer'],
      [id('md-1'), 'arranging shelter transfer'],
    ]);
  });

  it('keeps the identifying details out of every Kafka message and every log line, and encrypted at rest', async () => {
    await expectEventually(() => expect(recorder.messages.size).toBeGreaterThan(5));
    for (const [topic, messages] of recorder.messages) {
      for (const m of messages) expect(`${topic} ${m.key} ${m.value} ${JSON.stringify(m.headers)}`).not.toContain('Canary');
    }
    for (const proc of processes) expect(proc.output()).not.toContain('Canary');
    const stored = await db.collection('cases').find({}).toArray();
    expect(stored.length).toBeGreaterThan(3);
    expect(JSON.stringify(stored)).not.toContain('Canary');
    expect(JSON.stringify(stored)).not.toContain('bus station');
  });
});
