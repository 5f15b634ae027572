import { randomUUID } from 'node:crypto';
import { deadLetterTopicOf, HEADERS, TOPICS } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import { jobId } from '@ctip/scheduling';
import { Redis } from 'ioredis';
import { deliveryStates, expectEventually, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import { INTERNAL_TARGET_REASON } from '../src/channels/webhook-target-guard';
import type { WebhookPayload } from '../src/channels/webhook.channel';
import { verifyWebhookSignature } from '../src/channels/webhook-signature';
import { alertRaised, caseRef, NotificationsHarness, person } from './notifications-harness';

interface DeliveryDoc {
  _id: string;
  recipientPersonId: string;
  channel: string;
  status: string;
  attempts: number;
  interruptedAttempts: number;
  reason?: string;
  permanent?: boolean;
  role: string;
  fallbackFrom?: string;
  dueAt: string;
}

/**
 * The notifications service as it runs: compiled, its own process, on real Kafka, database and Redis,
 * sending to a real SMTP server and to HTTP receivers on loopback. Tests run in order on one process.
 */
describe('notifications delivery', () => {
  const h = new NotificationsHarness();
  const run = uniqueSuffix(6);
  const email = (who: string) => `${who}-${run}@mission.example.org`;

  beforeAll(async () => {
    await h.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  const readModel = async (personIds: string[], revision = 1) =>
    expectEventually(async () => {
      const docs = await h
        .collection<{ _id: string; revision: number }>('recipients')
        .find({ _id: { $in: personIds } })
        .toArray();
      expect(
        docs
          .filter((d) => d.revision >= revision)
          .map((d) => d._id)
          .sort(),
      ).toEqual([...personIds].sort());
    });

  const deliveries = async (sourceEventId: string): Promise<DeliveryDoc[]> =>
    h.listAll<DeliveryDoc>(`/deliveries?sourceEventId=${sourceEventId}`, await h.token('coordinator-1', ['coordinator']));

  it('delivers a raised alert once per recipient and channel, in each recipient’s language, and reports it', async () => {
    const en = `p-en-${run}`;
    const ru = `p-ru-${run}`;
    const phone = `+3736${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const enPerson = person(en, {
      revision: 2,
      contactPoints: [
        { channel: 'email', address: email('en'), priority: 0 },
        { channel: 'webhook', address: h.webhooks.url(`/hook/${en}`), priority: 1 },
        { channel: 'sms', address: phone, priority: 2 },
        { channel: 'email', address: email('unverified'), priority: 3, verified: false },
        { channel: 'email', address: `broken-address-${run}`, priority: 4 },
      ],
    });
    const ruPerson = person(ru, {
      languages: ['ro', 'ru'],
      timeZone: 'Europe/Chisinau',
      contactPoints: [
        { channel: 'email', address: email('ru'), priority: 0 },
        { channel: 'webhook', address: h.webhooks.url(`/hook/${ru}`), priority: 1 },
      ],
    });
    await h.publish(TOPICS.directoryPersonChanged, enPerson);
    await h.publish(TOPICS.directoryPersonChanged, ruPerson);
    // An older snapshot arriving late changes nothing.
    await h.publish(TOPICS.directoryPersonChanged, {
      ...enPerson,
      revision: 1,
      contactPoints: [{ ...enPerson.contactPoints[0], address: email('stale') }],
    });
    await readModel([en, ru]);
    await h.service.waitForLog(/contact point rejected/);

    // A console of the English-speaking recipient is open on the live inbox stream.
    const stream = await fetch(`http://127.0.0.1:${h.port}/me/inbox/stream`, { headers: { authorization: `Bearer ${await h.token(en)}` } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let streamed = '';
    const streamedAll = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        streamed += Buffer.from(value).toString('utf8');
      }
    })().catch(() => undefined); // the stream ends when the test cancels it or the service stops

    const ref = caseRef();
    const alert = await h.publish(TOPICS.caseAlertRaised, alertRaised([en, ru], { caseRef: ref, urgency: 'critical' }));
    const link = `https://console.ctip.test/cases/${ref}`;

    const [enMail, ruMail] = await expectEventually(() => {
      const mails = [h.smtp.to(email('en')), h.smtp.to(email('ru'))];
      expect(mails.map((m) => m.length)).toEqual([1, 1]);
      return mails.map((m) => m[0]);
    });
    expect(enMail.messageId).toBe(`<${jobId(alert.id, en, 'email')}@ctip.test>`);
    expect(enMail.subject).toBe(`[CRITICAL] Case alert ${ref}`);
    expect(enMail.text).toContain(link);
    expect(enMail.text).toContain('Moldova (origin), Austria (destination)');
    expect(ruMail.subject).toBe(`[КРИТИЧЕСКАЯ] Оповещение по делу ${ref}`);
    expect(ruMail.text).toContain('приют, юридическая помощь');
    for (const mail of [enMail, ruMail]) {
      expect(mail.text).not.toMatch(/Canary Staffer|immediate-danger/);
    }
    expect(h.smtp.to(email('stale'))).toHaveLength(0);
    expect(h.smtp.to(email('unverified'))).toHaveLength(0);

    const hooks = await expectEventually(() => {
      const received = [...h.webhooks.at(`/hook/${en}`), ...h.webhooks.at(`/hook/${ru}`)];
      expect(received).toHaveLength(2);
      return received;
    });
    for (const hook of hooks) {
      expect(verifyWebhookSignature({ body: hook.body, headers: hook.headers, keys: h.signingKeys })).toMatchObject({
        ok: true,
        keyId: 'test-1',
      });
      const payload = JSON.parse(hook.body) as WebhookPayload;
      expect(payload).toMatchObject({ schema: 'ctip.notification.v1', sourceEventId: alert.id, urgency: 'critical', link });
      expect(payload.data).toMatchObject({ caseRef: ref, servicesNeeded: ['shelter', 'legal-aid'] });
      expect(payload.data).not.toHaveProperty('riskFlags');
      expect(hook.headers['idempotency-key']).toBe(payload.notificationId);
    }
    expect(JSON.parse(h.webhooks.at(`/hook/${ru}`)[0].body)).toMatchObject({ language: 'ru' });

    const [sms] = await expectEventually(() => {
      expect(h.smsGateway.at('/sms')).toHaveLength(1);
      return h.smsGateway.at('/sms');
    });
    const form = new URLSearchParams(sms.body);
    expect(form.get('to')).toBe(phone);
    expect(form.get('text')).toContain(ref);
    expect(sms.headers.authorization).toBe('Bearer sms-gateway-test-token');
    expect(sms.headers['idempotency-key']).toBe(jobId(alert.id, en, 'sms'));

    const expected = [`${en}/email`, `${en}/in-app`, `${en}/sms`, `${en}/webhook`, `${ru}/email`, `${ru}/in-app`, `${ru}/webhook`];
    await expectEventually(() => {
      const reported = h.reports(TOPICS.notificationDelivered, alert.id).map((r) => `${r.data.recipientPersonId}/${r.data.channel}`);
      expect([...new Set(reported)].sort()).toEqual(expected);
    });
    const delivered = h.reports(TOPICS.notificationDelivered, alert.id)[0].data;
    expect(delivered).toMatchObject({ aggregateKey: alert.key, sourceType: 'case.alert.raised', attempts: 1 });
    expect((await deliveries(alert.id)).map((d) => `${d.recipientPersonId}/${d.channel}:${d.status}`).sort()).toEqual(
      expected.map((e) => `${e}:sent`),
    );
    expect((await h.api(`/deliveries?sourceEventId=${alert.id}`, { token: await h.token(en, ['focal-point']) })).status).toBe(403);
    // Paged two at a time, newest first: every delivery once, the last page without a cursor.
    const coordinator = await h.token('coordinator-1', ['coordinator']);
    const paged = await h.listAll<DeliveryDoc & { createdAt: string }>(`/deliveries?sourceEventId=${alert.id}`, coordinator, 2);
    expect(paged.map((d) => d._id).sort()).toEqual((await deliveries(alert.id)).map((d) => d._id).sort());
    expect(new Set(paged.map((d) => d._id)).size).toBe(expected.length);
    const times = paged.map((d) => Date.parse(d.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const path of [`/deliveries?sourceEventId=${alert.id}&cursor=not-a-cursor`, '/me/inbox?cursor=not-a-cursor']) {
      const refused = await h.api(path, { token: coordinator });
      expect(refused).toMatchObject({
        status: 422, // of a cursor's form, not made by this list
        body: { errors: [{ field: 'cursor', reason: 'is not a cursor returned by this list' }] },
      });
    }

    // The in-app inbox: listed, streamed live to the open console, marked read.
    const inbox = await h.api('/me/inbox?unread=true', { token: await h.token(ru) });
    expect(inbox.body).toMatchObject({
      items: [{ subject: `[КРИТИЧЕСКАЯ] Оповещение по делу ${ref}`, link, readAt: null }],
      nextCursor: null,
    });
    const itemId = (inbox.body as { items: { _id: string }[] }).items[0]._id;
    expect((await h.api(`/me/inbox/${itemId}/read`, { token: await h.token(ru), method: 'POST' })).status).toBe(204);
    expect((await h.api(`/me/inbox/${itemId}/read`, { token: await h.token(en), method: 'POST' })).status).toBe(404);
    expect((await h.api('/me/inbox?unread=true', { token: await h.token(ru) })).body).toEqual({ items: [], nextCursor: null });
    await expectEventually(() => expect(streamed).toContain(`[CRITICAL] Case alert ${ref}`));
    expect(streamed).toMatch(/^event: inbox-item$/m);
    await reader.cancel();
    await streamedAll;

    // Addresses and names never reach the logs.
    const output = h.service.output();
    for (const secret of [email('en'), email('ru'), phone, `broken-address-${run}`, h.webhooks.url(`/hook/${en}`), 'Canary Staffer']) {
      expect(output).not.toContain(secret);
    }
  });

  it('retries a failing SMTP server, then falls back to the next channel of an urgent alert and reports the failure', async () => {
    const refused = `p-refused-${run}`;
    const busy = `p-busy-${run}`;
    const phone = `+3737${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(refused, {
        contactPoints: [
          { channel: 'email', address: email('refused'), priority: 0 },
          { channel: 'sms', address: phone, priority: 1 },
        ],
      }),
    );
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(busy, {
        contactPoints: [
          { channel: 'email', address: email('busy'), priority: 0 },
          { channel: 'webhook', address: h.webhooks.url(`/hook/${busy}`), priority: 1 },
        ],
      }),
    );
    await readModel([refused, busy]);
    const admin = await h.token('admin-1', ['admin']);
    for (const [who, channels] of [
      [refused, ['email', 'in-app']],
      [busy, ['email']],
    ] as const) {
      const put = await h.api(`/people/${who}/preferences`, {
        token: admin,
        method: 'PUT',
        body: { categories: { 'case-alert': { channels } } },
      });
      expect(put.status).toBe(200);
    }
    h.smtp.rejectNext(email('refused'), 451, 550);
    h.smtp.rejectAlways(email('busy'), 451);

    const alert = await h.publish(TOPICS.caseAlertRaised, alertRaised([refused, busy], { caseRef: caseRef(), urgency: 'high' }));

    const records = await expectEventually(
      async () => {
        const found = await deliveries(alert.id);
        expect(found.map((d) => `${d.recipientPersonId}/${d.channel}:${d.status}`).sort()).toEqual(
          [
            `${busy}/email:failed`,
            `${busy}/webhook:sent`,
            `${refused}/email:failed`,
            `${refused}/in-app:sent`,
            `${refused}/sms:sent`,
          ].sort(),
        );
        return found;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const byKey = new Map(records.map((d) => [`${d.recipientPersonId}/${d.channel}`, d]));
    expect(byKey.get(`${refused}/email`)).toMatchObject({ attempts: 2, permanent: true, reason: 'SMTP server answered 550 to RCPT' });
    expect(byKey.get(`${refused}/sms`)).toMatchObject({ role: 'fallback', fallbackFrom: 'email', attempts: 1 });
    expect(byKey.get(`${busy}/email`)).toMatchObject({ attempts: 3, permanent: false, reason: 'SMTP server answered 451 to RCPT' });
    expect(byKey.get(`${busy}/webhook`)).toMatchObject({ role: 'fallback', fallbackFrom: 'email' });
    expect(h.smtp.to(email('refused'))).toHaveLength(0);
    expect(h.smsGateway.at('/sms').filter((r) => new URLSearchParams(r.body).get('to') === phone)).toHaveLength(1);
    expect(h.webhooks.at(`/hook/${busy}`)).toHaveLength(1);

    await expectEventually(() => {
      const failed = h.reports(TOPICS.notificationFailed, alert.id).map((r) => r.data);
      expect(failed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ recipientPersonId: refused, channel: 'email', permanent: true, attempts: 2, aggregateKey: alert.key }),
          expect.objectContaining({ recipientPersonId: busy, channel: 'email', permanent: false, attempts: 3 }),
        ]),
      );
      const delivered = h.reports(TOPICS.notificationDelivered, alert.id).map((r) => `${r.data.recipientPersonId}/${r.data.channel}`);
      expect(delivered).toEqual(expect.arrayContaining([`${refused}/sms`, `${busy}/webhook`]));
    });
  });

  it('sends nothing twice and loses nothing when the process is killed mid-burst and restarted', async () => {
    const people = Array.from({ length: 12 }, (_, i) => `p-burst${i}-${run}`);
    const phones = new Map(
      people.map((p, i) => [p, `+3738${String(i).padStart(3, '0')}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`]),
    );
    for (const who of people) {
      await h.publish(
        TOPICS.directoryPersonChanged,
        person(who, {
          contactPoints: [
            { channel: 'email', address: email(who), priority: 0 },
            { channel: 'webhook', address: h.webhooks.url(`/burst/${who}`), priority: 1 },
            { channel: 'sms', address: phones.get(who)!, priority: 2 },
          ],
        }),
      );
    }
    await readModel(people);
    // Slow receivers keep deliveries in flight when the process dies.
    h.smtp.rcptDelayMs = 150;
    h.webhooks.delayMs = 150;
    h.smsGateway.delayMs = 150;
    const alert = await h.publish(TOPICS.caseAlertRaised, alertRaised(people, { caseRef: caseRef(), urgency: 'critical' }));

    const mails = () => h.smtp.received.filter((m) => people.some((p) => m.to === email(p)));
    const hooks = () => h.webhooks.received.filter((r) => people.some((p) => r.path === `/burst/${p}`));
    const texts = () => h.smsGateway.received.filter((r) => [...phones.values()].includes(new URLSearchParams(r.body).get('to') ?? ''));
    /** This alert's deliveries still open whose claim is held (being sent: DeliveryClaims, in Redis). */
    const beingSent = async () => {
      const claimed = await h.claimedDeliveries();
      if (claimed.length === 0) return [];
      const states = await deliveryStates(h, { _id: { $in: claimed }, sourceEventId: alert.id }, { _id: 1 });
      return states
        .filter((d) => ['queued', 'retrying'].includes(d.status))
        .map((d) => d._id)
        .sort();
    };
    // Kill once messages have gone out and others are being sent (claimed, not yet accepted).
    const atKill = await expectEventually(
      async () => {
        expect(mails().length).toBeGreaterThanOrEqual(3);
        expect((await beingSent()).length).toBeGreaterThanOrEqual(2);
        h.service.kill('SIGKILL');
        return { records: await h.collection('deliveries').countDocuments({ sourceEventId: alert.id }) };
      },
      { timeoutMs: 20_000, intervalMs: 10 },
    );
    await h.service.waitForExit();
    // The claims the dead process held on deliveries it had not recorded sent: the only ones another worker
    // may take over. Read until stable: the database may still be applying writes the process sent just
    // before it died (claims lapse only after the 10 s lease).
    let previous: string[] = [];
    let stableReads = 0;
    const heldByTheDead = new Set(
      await expectEventually(
        async () => {
          const current = await beingSent();
          stableReads = current.join() === previous.join() ? stableReads + 1 : 0;
          previous = current;
          expect(stableReads).toBeGreaterThanOrEqual(3);
          return current;
        },
        { intervalMs: 100 },
      ),
    );
    const acceptedAtKill = mails().length + hooks().length + texts().length;
    expect(acceptedAtKill).toBeLessThan(36);

    await h.spawn();
    const records = await expectEventually(
      async () => {
        const found = await deliveries(alert.id);
        expect(found.filter((d) => d.status === 'sent')).toHaveLength(48);
        return found;
      },
      { timeoutMs: 40_000, intervalMs: 250 },
    );
    h.smtp.rcptDelayMs = 0;
    h.webhooks.delayMs = 0;
    h.smsGateway.delayMs = 0;

    const keys = {
      email: mails().map((m) => m.messageId.replace(/^<|@ctip\.test>$/g, '')),
      webhook: hooks().map((r) => String(r.headers['idempotency-key'])),
      sms: texts().map((r) => String(r.headers['idempotency-key'])),
    };
    const interrupted = new Set(records.filter((d) => d.interruptedAttempts > 0).map((d) => d._id));
    const resent: string[] = [];
    for (const [channel, received] of Object.entries(keys)) {
      // Nothing lost: one distinct message per recipient on each channel, under its deterministic id.
      expect([...new Set(received)].sort()).toEqual(people.map((p) => jobId(alert.id, p, channel)).sort());
      const counts = new Map<string, number>();
      for (const key of received) counts.set(key, (counts.get(key) ?? 0) + 1);
      resent.push(...[...counts].filter(([, n]) => n > 1).map(([key]) => key));
    }
    const inbox = await h
      .collection<{ personId: string }>('inbox_items')
      .find({ personId: { $in: people } })
      .toArray();
    expect(inbox.map((i) => i.personId).sort()).toEqual([...people].sort());
    // Nothing twice, except in the one documented window: the channel accepted, the process died before
    // recording it, and the delivery taken over after the lease had to send again (same Message-ID or
    // Idempotency-Key, so the receiver can drop it). Such a resend is always a taken-over claim.
    expect(resent.filter((key) => !interrupted.has(key))).toEqual([]);
    for (const key of resent) expect(keys.email.concat(keys.webhook, keys.sms).filter((k) => k === key)).toHaveLength(2);
    // Exactly the claims the dead process held were taken over; no live worker's claim ever was.
    expect([...interrupted].sort()).toEqual([...heldByTheDead].sort());
    process.stderr.write(
      `crash drill: killed with ${atKill.records} of 48 deliveries recorded, ${heldByTheDead.size} being sent and ${acceptedAtKill} of 36 ` +
        `external messages accepted; ${interrupted.size} claims taken over after restart; ${resent.length} resent\n`,
    );

    // Reports left in an outbox by the crash are published by the sweeper.
    const reported = await expectEventually(() => {
      const found = h.reports(TOPICS.notificationDelivered, alert.id);
      expect(new Set(found.map((r) => r.data.notificationId)).size).toBe(48);
      return found;
    });
    // The outbox may publish an entry twice after a crash, but always as the same event (same id).
    const eventIds = new Map<unknown, Set<string>>();
    for (const r of reported) eventIds.set(r.data.notificationId, (eventIds.get(r.data.notificationId) ?? new Set()).add(r.envelopeId));
    expect([...eventIds.values()].every((ids) => ids.size === 1)).toBe(true);
  });

  it('sends nothing twice when the same event is delivered again: dispatch is idempotent by its own ids, with no inbox record', async () => {
    const who = `p-again-${run}`;
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(who, {
        contactPoints: [
          { channel: 'email', address: email('again'), priority: 0 },
          { channel: 'webhook', address: h.webhooks.url(`/hook/${who}`), priority: 1 },
        ],
      }),
    );
    await readModel([who]);
    const envelope = h.producer.envelopes.build(TOPICS.caseAlertRaised, alertRaised([who], { caseRef: caseRef(), urgency: 'critical' }));
    const topic = `${h.namespace}.${TOPICS.caseAlertRaised}`;
    // Case alerts are consumed in the urgent lane, by a group of their own.
    const group = `${h.group}.urgent`;
    const handled = () => metric('ctip_kafka_handler_duration_seconds_count', `topic="${topic}",group="${group}",outcome="handled"`);
    const handledBefore = await handled();

    await h.producer.send(TOPICS.caseAlertRaised, [envelope]);
    await h.producer.send(TOPICS.caseAlertRaised, [envelope]);
    await expectEventually(async () => expect(await handled()).toBe(handledBefore + 2));
    await h.producer.send(TOPICS.caseAlertRaised, [envelope]);
    await expectEventually(async () => expect(await handled()).toBe(handledBefore + 3));
    expect(await h.collection('processed_messages').findOne({ _id: `${group}/${envelope.id}` } as never)).toBeNull();

    const sent = await expectEventually(async () => {
      const found = await deliveries(envelope.id);
      expect(found.map((d) => `${d.channel}:${d.status}`).sort()).toEqual(['email:sent', 'in-app:sent', 'webhook:sent']);
      return found;
    });
    expect(sent.every((d) => d.attempts === 1)).toBe(true);
    expect(h.smtp.to(email('again'))).toHaveLength(1);
    expect(h.webhooks.at(`/hook/${who}`)).toHaveLength(1);
  });

  it('re-queues a due delivery whose job is gone by reading the due index alone, and clears it from the index once sent', async () => {
    const who = `p-due-${run}`;
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(who, { contactPoints: [{ channel: 'email', address: email('due'), priority: 0 }] }),
    );
    await readModel([who]);
    const envelope = h.producer.envelopes.build(TOPICS.caseAlertRaised, alertRaised([who], { caseRef: caseRef(), urgency: 'critical' }));
    await h.producer.send(TOPICS.caseAlertRaised, [envelope]);
    const [sent] = await expectEventually(async () => {
      const found = (await deliveries(envelope.id)).filter((d) => d.channel === 'email');
      expect(found.map((d) => d.status)).toEqual(['sent']);
      return found;
    });
    const index = new Redis(process.env.REDIS_URL!);
    const key = `ctip-${h.scoped}:deliveries:due`;
    try {
      await expectEventually(async () => expect(await index.zscore(key, sent._id)).toBeNull());
      // A delivery left behind as a crash can leave one: queued, long due, its job gone — known only to the index
      // (the sweep's full pass over the collection runs at start and then every 10 minutes).
      const stray = `${sent._id}-stray`;
      const { _id: _ignored, ...fields } = (await h.collection<{ _id: string }>('deliveries').findOne({ _id: sent._id }))!;
      await h.collection<{ _id: string } & Record<string, unknown>>('deliveries').insertOne({
        ...fields,
        _id: stray,
        status: 'queued',
        attempts: 0,
        sentAt: null,
        outbox: [],
        jobId: `gone-${run}`,
        dueAt: new Date(Date.now() - 60_000),
      });
      await index.zadd(key, Date.now(), stray);
      await expectEventually(async () => {
        expect(await deliveryStates(h, { _id: stray })).toMatchObject([{ status: 'sent', attempts: 1 }]);
      });
      expect(h.smtp.to(email('due'))).toHaveLength(2);
      await expectEventually(async () => expect(await index.zscore(key, stray)).toBeNull());
    } finally {
      await index.quit();
    }
  });

  it('holds a normal notice until quiet hours end, but not a critical alert', async () => {
    const who = `p-quiet-${run}`;
    const timeZone = 'Asia/Tokyo';
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(who, { timeZone, contactPoints: [{ channel: 'email', address: email('quiet'), priority: 0 }] }),
    );
    await readModel([who]);
    const local = (offsetMinutes: number) =>
      new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        new Date(Date.now() + offsetMinutes * 60_000),
      );
    const token = await h.token(who);
    const preferences = {
      defaults: {},
      categories: { 'case-alert': { channels: ['email', 'in-app'], quietHours: { start: local(-60), end: local(120) } } },
    };
    expect(await h.api('/me/preferences', { token, method: 'PUT', body: preferences })).toEqual({ status: 200, body: preferences });
    expect((await h.api('/me/preferences', { token })).body).toEqual(preferences);
    expect((await h.api(`/people/${who}/preferences`, { token })).status).toBe(403);
    const refused = await h.api('/me/preferences', { token, method: 'PUT', body: { categories: { 'case-alert': { digest: true } } } });
    expect(refused).toMatchObject({ status: 422, body: { errors: [{ field: 'categories.case-alert.digest' }] } });

    const normalRef = caseRef();
    const criticalRef = caseRef();
    const normal = await h.publish(TOPICS.caseAlertRaised, alertRaised([who], { caseRef: normalRef, urgency: 'normal' }));
    await h.publish(TOPICS.caseAlertRaised, alertRaised([who], { caseRef: criticalRef, urgency: 'critical' }));

    await expectEventually(() => expect(h.smtp.to(email('quiet')).map((m) => m.subject)).toEqual([`[CRITICAL] Case alert ${criticalRef}`]));
    const inbox = await expectEventually(async () => {
      const page = (await h.api('/me/inbox', { token })).body as { items: { subject: string }[] };
      expect(page.items).toHaveLength(2);
      return page.items.map((i) => i.subject);
    });
    expect(inbox).toEqual(expect.arrayContaining([`[Normal] Case alert ${normalRef}`]));
    const held = (await deliveries(normal.id)).find((d) => d.channel === 'email')!;
    expect(held.status).toBe('queued');
    expect(new Date(held.dueAt).getTime() - Date.now()).toBeGreaterThan(118 * 60_000);
    expect(new Date(held.dueAt).getTime() - Date.now()).toBeLessThan(121 * 60_000);
    expect(h.smtp.to(email('quiet')).some((m) => m.subject.includes(normalRef))).toBe(false);
  });

  it('keeps only valid contact points in the read model, logs each refusal by person, channel and reason without the address, and never sends there', async () => {
    const refused = `p-guard-${run}`;
    const valid = `p-guard-ok-${run}`;
    const phone = `+3739${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    // Refused on read: malformed addresses, and webhook targets inside our network. Outside production only
    // loopback is allowed (this process, like the receivers, runs on it); private and link-local never are.
    const bad = [
      { channel: 'email', address: `not-an-email-${run}`, reason: 'not a valid email address' },
      { channel: 'sms', address: `060${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`, reason: 'not an E.164 phone number' },
      { channel: 'webhook', address: `hooks-${run}.example/no-scheme`, reason: 'not a valid URL' },
      { channel: 'webhook', address: `http://10.0.0.5/hook-${run}`, reason: INTERNAL_TARGET_REASON },
      { channel: 'webhook', address: `http://169.254.169.254/latest/meta-data/${run}`, reason: INTERNAL_TARGET_REASON },
      { channel: 'webhook', address: `http://[::ffff:10.0.0.5]/hook-${run}`, reason: INTERNAL_TARGET_REASON },
      { channel: 'webhook', address: `http://0x0a000005/hook-${run}`, reason: INTERNAL_TARGET_REASON },
    ] as const;
    const good = { channel: 'email', address: email('guard'), priority: bad.length } as const;
    const snapshot = person(refused, {
      contactPoints: [...bad.map(({ channel, address }, priority) => ({ channel, address, priority })), good],
    });
    await h.publish(TOPICS.directoryPersonChanged, snapshot);
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(valid, {
        contactPoints: [
          { channel: 'webhook', address: h.webhooks.url(`/hook/${valid}`), priority: 0 },
          { channel: 'sms', address: phone, priority: 1 },
        ],
      }),
    );
    await readModel([refused, valid]);

    const stored = await h
      .collection<{ _id: string; contactPoints: { contactPointId: string; channel: string; address: string }[] }>('recipients')
      .find({ _id: { $in: [refused, valid] } })
      .toArray();
    const kept = new Map(stored.map((r) => [r._id, r.contactPoints.map((p) => `${p.contactPointId}:${p.channel}`)]));
    expect(kept.get(refused)).toEqual([`${refused}-cp${bad.length}:email`]);
    expect(kept.get(valid)).toEqual([`${valid}-cp0:webhook`, `${valid}-cp1:sms`]);

    // One warning per refused point, naming the person, the point, the channel and the reason.
    const rejections = await expectEventually(() => {
      const found = h.service.lines
        .filter((line) => line.includes('"contact point rejected"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.personId === refused);
      expect(found).toHaveLength(bad.length);
      return found;
    });
    expect(rejections.map(({ contactPointId, channel, reason, level }) => ({ contactPointId, channel, reason, level }))).toEqual(
      expect.arrayContaining(
        bad.map(({ channel, reason }, i) => ({ contactPointId: `${refused}-cp${i}`, channel, reason, level: 'warn' })),
      ),
    );

    // Even when chosen explicitly, a channel left without a valid point gets no delivery at all.
    const put = await h.api(`/people/${refused}/preferences`, {
      token: await h.token('admin-1', ['admin']),
      method: 'PUT',
      body: { categories: { 'case-alert': { channels: ['webhook', 'sms', 'email', 'in-app'] } } },
    });
    expect(put.status).toBe(200);
    const alert = await h.publish(TOPICS.caseAlertRaised, alertRaised([refused, valid], { caseRef: caseRef(), urgency: 'critical' }));
    const records = await expectEventually(async () => {
      const found = await deliveries(alert.id);
      expect(found.map((d) => `${d.recipientPersonId}/${d.channel}:${d.status}`).sort()).toEqual(
        [`${refused}/email:sent`, `${refused}/in-app:sent`, `${valid}/in-app:sent`, `${valid}/sms:sent`, `${valid}/webhook:sent`].sort(),
      );
      return found;
    });
    expect(records.every((d) => d.attempts === 1 && d.role === 'primary')).toBe(true);
    expect(h.smtp.to(good.address)).toHaveLength(1);
    expect(h.webhooks.at(`/hook/${valid}`)).toHaveLength(1);
    expect(h.smsGateway.received.map((r) => new URLSearchParams(r.body).get('to'))).not.toContain(bad[1].address);
    expect(h.smsGateway.received.filter((r) => new URLSearchParams(r.body).get('to') === phone)).toHaveLength(1);

    // No address, refused or kept, in any line this process logged.
    const output = h.service.output();
    for (const secret of [
      ...bad.map((b) => b.address),
      good.address,
      phone,
      h.webhooks.url(`/hook/${valid}`),
      '10.0.0.5',
      '169.254.169.254',
    ]) {
      expect(output).not.toContain(secret);
    }
  });

  it('dead-letters an event of a type its topic does not carry, with the reason, and goes on consuming', async () => {
    const who = `p-dlq-${run}`;
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(who, { contactPoints: [{ channel: 'email', address: email('dlq'), priority: 0 }] }),
    );
    await readModel([who]);
    const topics = [TOPICS.caseAlertRaised, TOPICS.directoryPersonChanged].map((t) => namespacedTopic(t, h.namespace));
    const dead = await new TopicRecorder(h.kafka, `${h.namespace}.dlq-reader`).start(topics.map(deadLetterTopicOf));
    try {
      const alert = h.producer.envelopes.build(TOPICS.caseAlertRaised, alertRaised([who], { caseRef: caseRef(), urgency: 'critical' }));
      const unknownType = { ...alert, id: randomUUID(), type: 'case.alert.withdrawn' };
      const unknownVersion = { ...alert, id: randomUUID(), version: 2 };
      await h.producer.send(TOPICS.caseAlertRaised, [unknownType, unknownVersion]);
      const directory = h.producer.envelopes.build(TOPICS.directoryPersonChanged, person(who, { revision: 2, contactPoints: [] }));
      const unknownDirectory = { ...directory, type: 'directory.person.merged' };
      await h.producer.send(TOPICS.directoryPersonChanged, [unknownDirectory]);

      const urgent = `${h.group}.urgent`; // the case alerts' lane
      const expected = [
        [unknownType, topics[0], `event case.alert.withdrawn.v1 does not belong on ${topics[0]}`, urgent],
        [unknownVersion, topics[0], `event case.alert.raised.v2 does not belong on ${topics[0]}`, urgent],
        [unknownDirectory, topics[1], `event directory.person.merged.v1 does not belong on ${topics[1]}`, h.group],
      ] as const;
      for (const [envelope, topic, error, group] of expected) {
        const letter = await expectEventually(() => {
          const found = dead.of(deadLetterTopicOf(topic)).find((m) => (JSON.parse(m.value ?? '{}') as { id?: string }).id === envelope.id);
          expect(found).toBeDefined();
          return found!;
        });
        expect(letter.headers).toMatchObject({
          [HEADERS.dlqReason]: 'invalid-payload',
          [HEADERS.dlqError]: error,
          [HEADERS.dlqSourceTopic]: topic,
          [HEADERS.dlqConsumerGroup]: group,
          [HEADERS.dlqAttempts]: '0',
        });
        // The original bytes and headers, unchanged, for whoever replays or inspects it.
        expect(JSON.parse(letter.value!)).toEqual(envelope);
        expect(letter.headers[HEADERS.messageId]).toBe(envelope.id);
      }
      expect(await deliveries(unknownType.id)).toEqual([]);
      expect(await deliveries(unknownVersion.id)).toEqual([]);
      // The person's snapshot was not applied: the read model keeps revision 1 and its address.
      const recipient = await h.collection<{ _id: string; revision: number }>('recipients').findOne({ _id: who });
      expect(recipient?.revision).toBe(1);

      // The consumer is not wedged: the valid event behind them on the same topic is delivered.
      await h.producer.send(TOPICS.caseAlertRaised, [alert]);
      await expectEventually(async () =>
        expect((await deliveries(alert.id)).map((d) => `${d.channel}:${d.status}`).sort()).toEqual(['email:sent', 'in-app:sent']),
      );
    } finally {
      await dead.stop();
    }
  });

  async function metric(name: string, labels: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
    return line ? Number(line.split(' ').pop()) : 0;
  }
});
