import { TOPICS, type EventEnvelope, type Payload } from '@ctip/contracts';
import { jobId } from '@ctip/scheduling';
import { expectEventually, type ReceivedMail, uniqueSuffix } from '@ctip/testing';
import { MISSING_TEMPLATE_VARIABLE } from './fixtures/test-digest.notification';
import { alertRaised, caseRef, NotificationsHarness, person } from './notifications-harness';

interface DeliveryDoc {
  _id: string;
  sourceEventId: string;
  channel: string;
  status: string;
  dueAt: string;
  jobId: string;
  attempts: number;
  interruptedAttempts: number;
  reason?: string;
  permanent?: boolean;
  digestDay?: string;
  digestId?: string;
}

const TIME_ZONE = 'Asia/Tokyo';
const localHour = (at: Date) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(at));
// The digest hour three hours from now in the person's zone: the digest is due in 2–3 hours, and the
// test promotes its job instead of waiting.
const DIGEST_HOUR = (localHour(new Date()) + 3) % 24;

function declined(by: string, ref: string): Payload<typeof TOPICS.caseReferralDeclined> {
  return {
    referralId: `ref-${uniqueSuffix(6)}`,
    caseId: `case-${uniqueSuffix(8)}`,
    caseRef: ref,
    organisationId: 'org-shelter',
    service: 'shelter',
    by,
    at: new Date().toISOString(),
    reason: 'no-capacity',
  };
}

function referral(referredBy: string, ref: string, urgency: 'normal' | 'critical'): Payload<typeof TOPICS.caseReferralMade> {
  return {
    referralId: `ref-${uniqueSuffix(6)}`,
    caseId: `case-${uniqueSuffix(8)}`,
    caseRef: ref,
    organisationId: 'org-shelter',
    service: 'shelter',
    urgency,
    referredBy,
    at: new Date().toISOString(),
  };
}

/**
 * The daily digest, end to end, on a test-only digestible kind (test/fixtures/test-digest.notification.ts)
 * run by the compiled service with a real SMTP server.
 */
describe('notifications daily digest', () => {
  const h = new NotificationsHarness({
    main: 'apps/notifications/test/fixtures/test-kinds.main.js',
    // SMTP timeouts above the slow answers of the crash drill, which end with the kill.
    env: { DIGEST_HOUR_LOCAL: String(DIGEST_HOUR), SMTP_TIMEOUT_MS: '8000' },
  });
  const run = uniqueSuffix(6);
  const who = `p-digest-${run}`;
  const address = `digest-${run}@mission.example.org`;

  beforeAll(async () => {
    await h.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  const deliveries = async (sourceEventId: string): Promise<DeliveryDoc[]> => {
    return h.listAll<DeliveryDoc>(`/deliveries?sourceEventId=${sourceEventId}`, await h.token('admin-1', ['admin']));
  };

  it('holds non-critical notices for one digest per person, channel and day, and sends critical ones at once', async () => {
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(who, { timeZone: TIME_ZONE, contactPoints: [{ channel: 'email', address, priority: 0 }] }),
    );
    await expectEventually(async () => expect(await h.collection('recipients').countDocuments({ _id: who } as never)).toBe(1));
    const token = await h.token(who);
    expect((await h.api('/me/preferences', { token, method: 'PUT', body: { defaults: { digest: true } } })).status).toBe(200);

    const [first, second, urgent] = [caseRef(), caseRef(), caseRef()];
    const held = [
      await h.publish(TOPICS.caseReferralMade, referral(who, first, 'normal')),
      await h.publish(TOPICS.caseReferralMade, referral(who, second, 'normal')),
    ];
    const critical = await h.publish(TOPICS.caseReferralMade, referral(who, urgent, 'critical'));
    const alert = caseRef();
    await h.publish(TOPICS.caseAlertRaised, alertRaised([who], { caseRef: alert, urgency: 'high' }));

    // Critical notices of a digestible category, and every case alert, are not held.
    await expectEventually(() =>
      expect(
        h.smtp
          .to(address)
          .map((m) => m.subject)
          .sort(),
      ).toEqual([`[CRITICAL] Referral noted for ${urgent}`, `[High] Case alert ${alert}`].sort()),
    );
    // The email is at the server before its delivery record says `sent`: wait for the record too.
    await expectEventually(async () =>
      expect((await deliveries(critical.id)).map((d) => `${d.channel}:${d.status}`).sort()).toEqual(['email:sent', 'in-app:sent']),
    );

    // The held ones wait for the digest at the person's digest hour; their inbox items do not wait.
    const records = await expectEventually(async () => {
      const found = (await Promise.all(held.map((e) => deliveries(e.id)))).flat();
      expect(found.map((d) => `${d.channel}:${d.status}`).sort()).toEqual([
        'email:digest-pending',
        'email:digest-pending',
        'in-app:sent',
        'in-app:sent',
      ]);
      return found.filter((d) => d.channel === 'email');
    });
    const day = records[0].digestDay!;
    const digestId = jobId('digest', who, 'email', day);
    expect(records.map((d) => d.jobId)).toEqual([digestId, digestId]);
    const dueAt = new Date(records[0].dueAt);
    expect(localHour(dueAt)).toBe(DIGEST_HOUR);
    expect(dueAt.getTime() - Date.now()).toBeGreaterThan(115 * 60_000);
    expect(dueAt.getTime() - Date.now()).toBeLessThan(181 * 60_000);
    expect(h.smtp.to(address).some((m) => m.subject.includes(first) || m.text.includes(first))).toBe(false);

    // The digest is due later: bring its delayed job forward.
    const queue = h.queue('notify-digest');
    const job = await expectEventually(async () => {
      const found = await queue.getJob(digestId);
      expect(await found?.getState()).toBe('delayed');
      return found!;
    });
    await job.promote();

    const digest = await expectEventually(() => {
      const mails = h.smtp.to(address).filter((m) => m.subject.startsWith('Daily digest'));
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(digest.subject).toMatch(/^Daily digest for .+ \(2\)$/);
    expect(digest.messageId).toBe(`<${digestId}@ctip.test>`);
    for (const ref of [first, second]) {
      expect(digest.text).toContain(`[Normal] Referral noted for ${ref}`);
      expect(digest.text).toContain(`https://console.ctip.test/cases/${ref}`);
    }
    expect(digest.text).not.toMatch(/Canary Staffer|digest-.*@mission/);

    await expectEventually(async () => {
      const found = (await Promise.all(held.map((e) => deliveries(e.id)))).flat().filter((d) => d.channel === 'email');
      expect(found.map((d) => [d.status, d.digestId])).toEqual([
        ['sent', digestId],
        ['sent', digestId],
      ]);
      for (const event of held) {
        expect(
          h
            .reports(TOPICS.notificationDelivered, event.id)
            .map((r) => r.data.channel)
            .sort(),
        ).toEqual(['email', 'in-app']);
      }
    });

    // Another run for the same digest (a retried or recovered job) finds nothing held and sends nothing.
    const again = await queue.add('send-digest', { payload: { personId: who, channel: 'email', day } }, { jobId: `${digestId}-again` });
    await expectEventually(async () => expect(await again.getState()).toBe('completed'));
    expect(h.smtp.to(address).filter((m) => m.subject.startsWith('Daily digest'))).toHaveLength(1);
    expect(h.smtp.to(address)).toHaveLength(3);
  });
  interface Subscriber {
    who: string;
    address: string;
  }

  interface HeldNotices {
    events: EventEnvelope[];
    refs: string[];
    day: string;
    digestId: string;
  }

  /** A person in Tokyo with one email address who asked for the daily digest. */
  const subscriber = async (label: string): Promise<Subscriber> => {
    const subscribed = { who: `p-${label}-${run}`, address: `${label}-${run}@mission.example.org` };
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(subscribed.who, { timeZone: TIME_ZONE, contactPoints: [{ channel: 'email', address: subscribed.address, priority: 0 }] }),
    );
    await expectEventually(async () => expect(await h.collection('recipients').countDocuments({ _id: subscribed.who } as never)).toBe(1));
    const token = await h.token(subscribed.who);
    expect((await h.api('/me/preferences', { token, method: 'PUT', body: { defaults: { digest: true } } })).status).toBe(200);
    return subscribed;
  };

  const emailRecords = async (who: string): Promise<DeliveryDoc[]> => (await personDeliveries(who)).filter((d) => d.channel === 'email');

  const personDeliveries = async (who: string): Promise<DeliveryDoc[]> => {
    return h.listAll<DeliveryDoc>(`/deliveries?recipientPersonId=${who}`, await h.token('admin-1', ['admin']));
  };

  /** Publishes `count` normal notices for the person and waits until their emails are held for one digest. */
  const hold = async ({ who }: Subscriber, count: number): Promise<HeldNotices> => {
    const refs = Array.from({ length: count }, () => caseRef());
    const events: EventEnvelope[] = [];
    for (const ref of refs) events.push(await h.publish(TOPICS.caseReferralMade, referral(who, ref, 'normal')));
    const records = await expectEventually(async () => {
      const found = await emailRecords(who);
      expect(
        found
          .filter((d) => d.status === 'digest-pending')
          .map((d) => d.sourceEventId)
          .sort(),
      ).toEqual(events.map((e) => e.id).sort());
      return found;
    });
    const day = records[0].digestDay!;
    return { events, refs, day, digestId: jobId('digest', who, 'email', day) };
  };

  /** The digest is due hours from now: run its delayed job at once. */
  const promote = async (digestId: string): Promise<void> => {
    const job = await expectEventually(async () => {
      const found = await h.queue('notify-digest').getJob(digestId);
      expect(await found?.getState()).toBe('delayed');
      return found!;
    });
    await job.promote();
  };

  const digestsTo = (address: string): ReceivedMail[] => h.smtp.to(address).filter((m) => m.subject.startsWith('Daily digest'));

  /** Every notice in the digest exactly once: its subject line and its link. */
  const expectListsEachOnce = (mail: ReceivedMail, refs: string[]) => {
    expect(mail.subject).toMatch(new RegExp(`^Daily digest for .+ \\(${refs.length}\\)$`));
    for (const ref of refs) {
      expect(mail.text.split(`[Normal] Referral noted for ${ref}`)).toHaveLength(2);
      expect(mail.text.split(`https://console.ctip.test/cases/${ref}`)).toHaveLength(2);
    }
  };

  /** One `notification.delivered.v1` per held notice's email (the outbox may publish one twice, as the same event). */
  const expectDeliveredReports = async (events: EventEnvelope[], attempts: number) =>
    expectEventually(() => {
      for (const event of events) {
        const email = h.reports(TOPICS.notificationDelivered, event.id).filter((r) => r.data.channel === 'email');
        expect(email.length).toBeGreaterThanOrEqual(1);
        expect(new Set(email.map((r) => r.envelopeId)).size).toBe(1);
        expect(email[0].data).toMatchObject({ attempts });
      }
    });

  it('sends a digest whose run was killed mid-send after the restart: once, or again under its Message-ID if the server had taken it', async () => {
    // `before`: killed while the server had not answered RCPT TO, so it has nothing. `inWindow`: killed after
    // the server kept the message and before it answered, the one documented window for a second message.
    const before = await subscriber('crash-before');
    const inWindow = await subscriber('crash-window');
    const [a, b] = [await hold(before, 20), await hold(inWindow, 4)];
    const notices = a.events.length + b.events.length;
    h.smtp.slowRcpt(before.address, 5_000);
    h.smtp.holdReply(inWindow.address, 5_000);
    await Promise.all([promote(a.digestId), promote(b.digestId)]);

    await expectEventually(
      () => {
        expect(h.smtp.rcptsTo(before.address).filter((r) => r.answeredAt === undefined)).toHaveLength(1);
        expect(h.smtp.to(inWindow.address).filter((m) => m.repliedAt === undefined)).toHaveLength(1);
        h.service.kill('SIGKILL');
      },
      { timeoutMs: 20_000, intervalMs: 10 },
    );
    const killedAt = Date.now();
    await h.service.waitForExit();
    h.smtp.slowRcpt(before.address, 0);
    h.smtp.holdReply(inWindow.address, 0);
    expect(digestsTo(before.address)).toHaveLength(0);
    // The dead run held every notice of both digests.
    for (const [subscribed, held] of [
      [before, a],
      [inWindow, b],
    ] as const) {
      const stored = await h
        .collection<{ status: string; digestId?: string }>('deliveries')
        .find({ recipientPersonId: subscribed.who, channel: 'email' } as never)
        .toArray();
      expect(stored.map((d) => `${d.status}:${d.digestId}`)).toEqual(held.events.map(() => `digesting:${held.digestId}`));
    }
    // Rivals for the takeover of `before`: the jobs successive recovery sweeps (or a stalled job run again)
    // queue, here all due the moment the dead run's last claim lapses. One run must take the whole list, or
    // one Message-ID would carry two different lists. Leases read until stable: the database may still be
    // applying a renewal the process sent just before it died.
    let previous = '';
    const lapseAt = await expectEventually(
      async () => {
        const leases = (
          await h
            .collection<{ leaseUntil: Date }>('deliveries')
            .find({ recipientPersonId: before.who, channel: 'email' } as never)
            .toArray()
        ).map((d) => new Date(d.leaseUntil).getTime());
        const stable = leases.join() === previous;
        previous = leases.join();
        expect(stable).toBe(true);
        return Math.max(...leases);
      },
      { intervalMs: 300 },
    );
    for (let i = 0; i < 4; i += 1) {
      await h
        .queue('notify-digest')
        .add(
          'send-digest',
          { payload: { personId: before.who, channel: 'email', day: a.day } },
          { jobId: `${a.digestId}-rival-${i}`, delay: Math.max(0, lapseAt - Date.now() + 100) },
        );
    }

    await h.spawn();
    const settled = await expectEventually(
      async () => {
        const found = [...(await emailRecords(before.who)), ...(await emailRecords(inWindow.who))];
        expect(found.map((d) => d.status)).toEqual(Array(notices).fill('sent'));
        expect(digestsTo(before.address)).toHaveLength(1);
        expect(digestsTo(inWindow.address)).toHaveLength(2);
        return found;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    const recoveredInMs = Date.now() - killedAt;
    // The rivals have run too, and sent nothing more.
    await expectEventually(async () => {
      for (let i = 0; i < 4; i += 1)
        expect(await (await h.queue('notify-digest').getJob(`${a.digestId}-rival-${i}`))?.getState()).toBe('completed');
    });
    expect(digestsTo(before.address)).toHaveLength(1);
    expect(digestsTo(inWindow.address)).toHaveLength(2);

    // Each notice was claimed by the dead run and taken over once, under its digest's id.
    for (const [subscribed, held] of [
      [before, a],
      [inWindow, b],
    ] as const) {
      expect(
        settled
          .filter((d) => held.events.some((e) => e.id === d.sourceEventId))
          .map((d) => [d.digestId, d.attempts, d.interruptedAttempts]),
      ).toEqual(held.events.map(() => [held.digestId, 2, 1]));
      for (const mail of digestsTo(subscribed.address)) {
        expect(mail.messageId).toBe(`<${held.digestId}@ctip.test>`);
        expectListsEachOnce(mail, held.refs);
      }
      await expectDeliveredReports(held.events, 2);
    }
    // Nothing twice where the server had not taken the message; in the window, the same message again
    // under the same Message-ID, which the receiver can drop.
    const [first, again] = digestsTo(inWindow.address);
    expect(again.text).toBe(first.text);
    expect(again.subject).toBe(first.subject);
    process.stderr.write(
      `digest crash drill: killed with 2 digests (20 and 4 notices) in flight, 4 rival takeover jobs; both arrived ${recoveredInMs} ms after the kill; ` +
        `resent: 0 of the one the server had not answered, 1 of the one it had kept (same Message-ID)\n`,
    );
  });

  it('retries a digest the SMTP server defers, with backoff, and sends it once; a refused or never-accepted one fails with its reason', async () => {
    const deferred = await subscriber('deferred');
    const busy = await subscriber('busy');
    const refused = await subscriber('refused');
    const held = {
      deferred: await hold(deferred, 2),
      busy: await hold(busy, 2),
      refused: await hold(refused, 2),
    };
    h.smtp.rejectNext(deferred.address, 451, 451);
    h.smtp.rejectAlways(busy.address, 451);
    h.smtp.rejectNext(refused.address, 550);
    await Promise.all(Object.values(held).map((x) => promote(x.digestId)));

    const records = await expectEventually(
      async () => {
        const found = {
          deferred: await emailRecords(deferred.who),
          busy: await emailRecords(busy.who),
          refused: await emailRecords(refused.who),
        };
        expect(Object.values(found).map((list) => list.map((d) => d.status))).toEqual([
          ['sent', 'sent'],
          ['failed', 'failed'],
          ['failed', 'failed'],
        ]);
        return found;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );

    // Deferred twice (451), then sent once, on the job's third attempt after doubling delays (150 ms, 300 ms).
    const [digest, ...more] = digestsTo(deferred.address);
    expect(more).toHaveLength(0);
    expect(digest.messageId).toBe(`<${held.deferred.digestId}@ctip.test>`);
    expectListsEachOnce(digest, held.deferred.refs);
    const tries = h.smtp.rcptsTo(deferred.address);
    expect(tries.map((t) => t.code ?? 250)).toEqual([451, 451, 250]);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(150);
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(300);
    for (const d of records.deferred) expect(d).toMatchObject({ digestId: held.deferred.digestId, attempts: 3, interruptedAttempts: 0 });
    await expectDeliveredReports(held.deferred.events, 3);

    // Never accepted: given up after DELIVERY_MAX_ATTEMPTS (3), not permanent. Refused (550): at once, permanent.
    expect(digestsTo(busy.address)).toHaveLength(0);
    expect(digestsTo(refused.address)).toHaveLength(0);
    expect(h.smtp.rcptsTo(busy.address).map((t) => t.code)).toEqual([451, 451, 451]);
    expect(h.smtp.rcptsTo(refused.address).map((t) => t.code)).toEqual([550]);
    const outcomes = [
      {
        subscribed: busy,
        list: records.busy,
        notices: held.busy,
        attempts: 3,
        permanent: false,
        reason: 'SMTP server answered 451 to RCPT',
      },
      {
        subscribed: refused,
        list: records.refused,
        notices: held.refused,
        attempts: 1,
        permanent: true,
        reason: 'SMTP server answered 550 to RCPT',
      },
    ];
    for (const { list, notices, attempts, permanent, reason } of outcomes) {
      for (const d of list) expect(d).toMatchObject({ digestId: notices.digestId, attempts, permanent, reason });
      await expectEventually(() => {
        for (const event of notices.events) {
          const failed = h.reports(TOPICS.notificationFailed, event.id).map((r) => r.data);
          expect(failed.length).toBeGreaterThanOrEqual(1);
          expect(failed[0]).toMatchObject({ channel: 'email', attempts, permanent, reason });
          expect(h.reports(TOPICS.notificationDelivered, event.id).filter((r) => r.data.channel === 'email')).toHaveLength(0);
        }
      });
      // Their digest jobs are finished: nothing will try again.
      expect(await (await h.queue('notify-digest').getJob(notices.digestId))?.getState()).toBe('completed');
    }
    // Normal notices have no fallback: the failed email is the end of it.
    for (const who of [busy.who, refused.who]) {
      expect((await personDeliveries(who)).map((d) => d.channel).sort()).toEqual(['email', 'email', 'in-app', 'in-app']);
    }
  });

  it('fails a notice whose template lacks a variable, naming it, on its own; the digest carries the others', async () => {
    const subscribed = await subscriber('template');
    const [goodRef, badRef] = [caseRef(), caseRef()];
    const good = await h.publish(TOPICS.caseReferralMade, referral(subscribed.who, goodRef, 'normal'));
    const bad = await h.publish(TOPICS.caseReferralDeclined, declined(subscribed.who, badRef));
    const reason = `template variable "${MISSING_TEMPLATE_VARIABLE}" missing`;

    // The inbox item of the broken notice fails at once, by name; the emails are held for the digest.
    const digestId = await expectEventually(async () => {
      const found = await personDeliveries(subscribed.who);
      const byEvent = (id: string) =>
        found
          .filter((d) => d.sourceEventId === id)
          .map((d) => `${d.channel}:${d.status}`)
          .sort();
      expect(byEvent(good.id)).toEqual(['email:digest-pending', 'in-app:sent']);
      expect(byEvent(bad.id)).toEqual(['email:digest-pending', 'in-app:failed']);
      expect(found.find((d) => d.sourceEventId === bad.id && d.channel === 'in-app')).toMatchObject({ permanent: true, reason });
      return jobId('digest', subscribed.who, 'email', found.find((d) => d.channel === 'email')!.digestDay!);
    });
    await promote(digestId);

    const [digest] = await expectEventually(() => {
      expect(digestsTo(subscribed.address)).toHaveLength(1);
      return digestsTo(subscribed.address);
    });
    expectListsEachOnce(digest, [goodRef]);
    expect(digest.text).not.toContain(badRef);
    const emails = await expectEventually(async () => {
      const found = await emailRecords(subscribed.who);
      expect(found.map((d) => `${d.sourceEventId}:${d.status}`).sort()).toEqual([`${bad.id}:failed`, `${good.id}:sent`].sort());
      return found;
    });
    expect(emails.find((d) => d.sourceEventId === bad.id)).toMatchObject({ permanent: true, reason, attempts: 1 });
    await expectEventually(() =>
      expect(
        h
          .reports(TOPICS.notificationFailed, bad.id)
          .map((r) => `${r.data.channel}:${r.data.reason}`)
          .sort(),
      ).toEqual([`email:${reason}`, `in-app:${reason}`]),
    );
    // Nothing blank anywhere: no mail and no inbox item for the broken notice.
    expect(h.smtp.to(subscribed.address).filter((m) => m.subject.includes(badRef) || m.text.includes(badRef))).toHaveLength(0);
    const inbox = (await h.api('/me/inbox', { token: await h.token(subscribed.who) })).body as { items: { subject: string }[] };
    expect(inbox.items.map((i) => i.subject)).toEqual([`[Normal] Referral noted for ${goodRef}`]);
  });
});
