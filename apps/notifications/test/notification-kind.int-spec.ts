import { TOPICS } from '@ctip/contracts';
import { jobId } from '@ctip/scheduling';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { NotificationsHarness, person } from './notifications-harness';

/**
 * The extension point, end to end: a kind defined in the tests alone (fixtures/duty-roster.notification.ts:
 * its topic, recipients, category, labels, link and templates) and given to the compiled service through
 * `AppModule.forRoot(config, kinds)` (fixtures/test-kinds.main.ts) — no line of the core knows it.
 */
describe('a notification kind added through the extension point', () => {
  const h = new NotificationsHarness({ main: 'apps/notifications/test/fixtures/test-kinds.main.js' });
  const run = uniqueSuffix(6);
  const ruWho = `p-roster-ru-${run}`;
  const enWho = `p-roster-en-${run}`;
  const ruAddress = `roster-ru-${run}@mission.example.org`;
  const enAddress = `roster-en-${run}@mission.example.org`;
  const organisationId = `org-roster-${run}`;

  beforeAll(async () => {
    await h.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  const deliveries = async (sourceEventId: string) => {
    const { status, body } = await h.api(`/deliveries?sourceEventId=${sourceEventId}`, { token: await h.token('admin-1', ['admin']) });
    expect(status).toBe(200);
    return (body as { items: { recipientPersonId: string; channel: string; status: string }[] }).items;
  };

  it('sends its notice once per recipient, in their language, on the channels chosen for its category', async () => {
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(ruWho, {
        languages: ['kk', 'ru'],
        timeZone: 'Asia/Almaty',
        contactPoints: [{ channel: 'email', address: ruAddress, priority: 0 }],
      }),
    );
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(enWho, { contactPoints: [{ channel: 'email', address: enAddress, priority: 0 }] }),
    );
    await expectEventually(async () => {
      const docs = await h
        .collection<{ _id: string }>('recipients')
        .find({ _id: { $in: [ruWho, enWho] } })
        .toArray();
      expect(docs).toHaveLength(2);
    });

    // The kind's category reaches the preferences API with it; its rules too.
    const token = await h.token(ruWho);
    const chosen = { defaults: {}, categories: { 'duty-roster': { channels: ['email'] } } };
    expect(await h.api('/me/preferences', { token, method: 'PUT', body: chosen })).toEqual({ status: 200, body: chosen });
    const refused = await h.api('/me/preferences', {
      token,
      method: 'PUT',
      body: { categories: { 'duty-roster': { digest: true }, 'fund-gossip': {} } },
    });
    expect(refused).toMatchObject({
      status: 422, // the body has the documented shape; the categories break the service's rules
      body: { errors: [{ field: 'categories.duty-roster.digest' }, { field: 'categories.fund-gossip' }] },
    });

    const roster = { organisationId, primaryFocalPointId: ruWho, backupIds: [], absences: [], revision: 1 };
    const first = await h.publish(TOPICS.directoryRosterChanged, roster);
    const link = `https://console.ctip.test/organisations/${organisationId}/roster`;

    const mail = await expectEventually(() => {
      const mails = h.smtp.to(ruAddress);
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(mail.messageId).toBe(`<${jobId(first.id, ruWho, 'email')}@ctip.test>`);
    expect(mail.subject).toBe('График дежурств изменён (версия 1)');
    expect(mail.text).toContain('График дежурств вашего присутствия изменён: версия 1, резервных дежурных: 0.');
    expect(mail.text).toContain(`Кто дежурит: ${link}`);
    await expectEventually(() => expect(h.reports(TOPICS.notificationDelivered, first.id)).toHaveLength(1));
    expect(await deliveries(first.id)).toMatchObject([{ recipientPersonId: ruWho, channel: 'email', status: 'sent' }]);

    // The same event again (a redelivery), then the roster's next revision under the same key, so on the
    // same partition: once the second is handled, the first was handled again before it.
    await h.producer.send(TOPICS.directoryRosterChanged, [first]);
    const second = await h.publish(TOPICS.directoryRosterChanged, {
      ...roster,
      primaryFocalPointId: enWho,
      backupIds: [ruWho],
      revision: 2,
    });
    await expectEventually(() => expect(h.reports(TOPICS.notificationDelivered, second.id)).toHaveLength(3)); // en: email + in-app; ru: email
    const [enMail] = h.smtp.to(enAddress);
    expect(enMail.subject).toBe('Duty roster changed (revision 2)');
    expect(enMail.text).toContain('revision 2, 1 backup.');
    expect(enMail.text).toContain(link);
    expect(h.smtp.to(enAddress)).toHaveLength(1);
    expect(h.smtp.to(ruAddress).map((m) => m.subject)).toEqual([
      'График дежурств изменён (версия 1)',
      'График дежурств изменён (версия 2)',
    ]);
    expect(h.reports(TOPICS.notificationDelivered, first.id)).toHaveLength(1);
  });
});
