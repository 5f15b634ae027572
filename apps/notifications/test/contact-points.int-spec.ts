import { randomBytes } from 'node:crypto';
import { ContactSeal, contactSealKeysSchema, DEV_CONTACT_SEAL_KEYS } from '@ctip/contact-seal';
import { deadLetterTopicOf, HEADERS, TOPICS, type Payload } from '@ctip/contracts';
import { namespacedTopic } from '@ctip/messaging';
import { expectEventually, TopicRecorder, uniqueSuffix } from '@ctip/testing';
import { trainingInvitationSentNotification } from '../src/templates/training-invitation-sent.notification';
import { NotificationsHarness } from './notifications-harness';

/**
 * The contact-point route of people outside the directory, against the running service: sealed details
 * open into the read model (newer revisions only), a value that does not open is dead-lettered with why
 * and nothing of what, a notice waits for a contact point that never comes and is then dead-lettered, and
 * an erasure forgets the person for good.
 */
describe('contact points of people outside the directory', () => {
  const h = new NotificationsHarness({
    port: 14_520,
    env: { EXTERNAL_RECIPIENT_RETRY_MS: '200', EXTERNAL_RECIPIENT_ATTEMPTS: '3' },
  });
  const run = uniqueSuffix(6);
  const seal = new ContactSeal(contactSealKeysSchema.parse(DEV_CONTACT_SEAL_KEYS));
  const email = `m.berdyeva.${run}@prosecutor.example.tm`;
  const details = { displayName: `Марал Бердыева ${run}`, language: 'ru', timeZone: 'Asia/Ashgabat', email };
  /** Someone else, whose seal is published after another message to know that one was handled. */
  const markerDetails = { displayName: 'Marker Person', language: 'en', timeZone: 'UTC', email: `marker.${run}@example.org` };
  let dlq: TopicRecorder;
  const dlqOf = (topic: string) => dlq.of(deadLetterTopicOf(namespacedTopic(topic, h.namespace)));

  const sealedEvent = (recipientId: string, revision: number, value: unknown, sealer = seal) => ({
    recipientId,
    source: 'training-events',
    revision,
    ...sealer.seal(recipientId, value),
    at: new Date().toISOString(),
  });
  const invitation = (personIds: string[]): Payload<typeof TOPICS.trainingInvitationSent> => ({
    ...trainingInvitationSentNotification.sample,
    eventId: `evt-${run}`,
    invitationId: `inv-${uniqueSuffix(6)}`,
    recipients: { personIds },
    at: new Date().toISOString(),
  });

  beforeAll(async () => {
    await h.start();
    dlq = await new TopicRecorder(h.kafka, `${h.namespace}.dlq-recorder`).start(
      [TOPICS.notificationContactPointSealed, TOPICS.trainingInvitationSent].map((t) => deadLetterTopicOf(namespacedTopic(t, h.namespace))),
    );
  });

  afterAll(async () => {
    await dlq?.stop();
    await h.stop();
  });

  it('opens sealed details into the read model, newer revisions only, and sends the notice to them in their language', async () => {
    const recipientId = `ext-${run}-a`;
    await h.publish(TOPICS.notificationContactPointSealed, sealedEvent(recipientId, 2, details));
    await h.publish(TOPICS.notificationContactPointSealed, sealedEvent(recipientId, 1, { ...details, email: `old.${email}` }));
    const marker = `ext-${run}-marker`;
    await h.publish(TOPICS.notificationContactPointSealed, sealedEvent(marker, 1, markerDetails));
    await expectEventually(async () => expect(await h.collection('recipients').countDocuments({ _id: marker } as never)).toBe(1));
    expect(await h.collection('recipients').findOne({ _id: recipientId } as never)).toMatchObject({
      external: true,
      revision: 2,
      languages: ['ru'],
      timeZone: 'Asia/Ashgabat',
      displayName: details.displayName,
      contactPoints: [{ channel: 'email', address: email }],
    });

    await h.publish(TOPICS.trainingInvitationSent, invitation([recipientId]));
    const mail = await expectEventually(() => {
      expect(h.smtp.to(email)).toHaveLength(1);
      return h.smtp.to(email)[0];
    });
    expect(mail.subject).toMatch(/^Приглашение: /);
    expect(mail.calendar?.replace(/\r\n /g, '')).toContain(`MAILTO:${email}`);
    expect(h.smtp.to(`old.${email}`)).toEqual([]);
  });

  it('dead-letters a sealed value that does not open, with the reason and without the details', async () => {
    const other = new ContactSeal(contactSealKeysSchema.parse(`other:${randomBytes(32).toString('base64url')}`));
    const forSomeoneElse = { ...sealedEvent(`ext-${run}-b`, 1, details), recipientId: `ext-${run}-c` };
    await h.publish(TOPICS.notificationContactPointSealed, forSomeoneElse);
    await h.publish(TOPICS.notificationContactPointSealed, sealedEvent(`ext-${run}-d`, 1, details, other));
    await h.publish(TOPICS.notificationContactPointSealed, sealedEvent(`ext-${run}-e`, 1, { ...details, timeZone: 'Mars/Olympus' }));
    const dead = await expectEventually(() => {
      const messages = dlqOf(TOPICS.notificationContactPointSealed);
      expect(messages).toHaveLength(3);
      return messages;
    });
    // Keyed by recipient, the three may land on different partitions: compare them in a fixed order.
    const byError = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]));
    expect(dead.map((m) => [m.headers[HEADERS.dlqReason], m.headers[HEADERS.dlqError]]).sort(byError)).toEqual(
      [
        [
          'non-retriable',
          'NonRetriableError: sealed contact point does not open: authentication failed (altered, or sealed for another recipient or with another key)',
        ],
        ['non-retriable', 'NonRetriableError: sealed contact point does not open: unknown contact seal key other'],
        ['non-retriable', 'NonRetriableError: sealed contact point has invalid details: timeZone (custom)'],
      ].sort(byError),
    );
    for (const line of [...dead.map((m) => JSON.stringify(m)), ...h.service.lines]) {
      expect(line).not.toContain(email);
      expect(line).not.toContain('Mars/Olympus');
    }
    const stored = await h
      .collection('recipients')
      .countDocuments({ _id: { $in: [`ext-${run}-c`, `ext-${run}-d`, `ext-${run}-e`] } } as never);
    expect(stored).toBe(0);
  });

  it('holds a notice for someone whose contact point never comes, serves the others, then dead-letters it with the reason', async () => {
    const missing = `ext-${run}-never`;
    const known = `ext-${run}-a`;
    const before = h.smtp.to(email).length;
    const event = await h.publish(TOPICS.trainingInvitationSent, invitation([known, missing]));
    const [dead] = await expectEventually(() => {
      const messages = dlqOf(TOPICS.trainingInvitationSent);
      expect(messages).toHaveLength(1);
      return messages;
    });
    expect(dead.headers[HEADERS.dlqReason]).toBe('handler-failed');
    expect(dead.headers[HEADERS.dlqError]).toBe(
      `RecipientsNotYetKnownError: contact points not received yet for 1 recipient(s) outside the directory: ${missing}`,
    );
    expect(dead.headers[HEADERS.dlqAttempts]).toBe('3');
    expect(JSON.parse(dead.value!)).toMatchObject({ id: event.id, data: { recipients: { personIds: [known, missing] } } });
    expect(h.smtp.to(email)).toHaveLength(before + 1);
  });

  it('erases a person for good: a tombstone no late seal can undo, their deliveries scrubbed, no address left in the database', async () => {
    const recipientId = `ext-${run}-a`;
    await h.publish(TOPICS.notificationContactPointErased, { recipientId, source: 'training-events', at: new Date().toISOString() });
    await expectEventually(async () =>
      expect(await h.collection('recipients').findOne({ _id: recipientId } as never)).toMatchObject({ erased: true, contactPoints: [] }),
    );
    // A seal that was in flight arrives after the erasure, with a higher revision: ignored.
    await h.publish(TOPICS.notificationContactPointSealed, sealedEvent(recipientId, 3, details));
    const marker = `ext-${run}-marker2`;
    await h.publish(TOPICS.notificationContactPointSealed, sealedEvent(marker, 1, markerDetails));
    await expectEventually(async () => expect(await h.collection('recipients').countDocuments({ _id: marker } as never)).toBe(1));
    expect(await h.collection('recipients').findOne({ _id: recipientId } as never)).toMatchObject({ erased: true, active: false });

    const deliveries = await h.collection('deliveries').find({ recipientPersonId: recipientId }).toArray();
    expect(deliveries.length).toBeGreaterThan(0);
    for (const delivery of deliveries) expect(delivery).toMatchObject({ language: 'en', timeZone: 'UTC' });
    for (const name of ['recipients', 'deliveries', 'inbox_items']) {
      const documents = JSON.stringify(await h.collection(name).find({}).toArray());
      expect(documents).not.toContain(email);
      expect(documents).not.toContain(details.displayName);
    }

    // A notice naming them afterwards goes nowhere, and is not held either.
    const sent = h.smtp.to(email).length;
    const after = await h.publish(TOPICS.trainingInvitationSent, invitation([recipientId, `ext-${run}-marker`]));
    await expectEventually(() => expect(h.reports(TOPICS.notificationDelivered, after.id)).toHaveLength(1));
    expect(h.smtp.to(email)).toHaveLength(sent);
    expect(dlqOf(TOPICS.trainingInvitationSent)).toHaveLength(1);
  });
});
