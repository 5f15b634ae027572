import { TOPICS, type Payload } from '@ctip/contracts';
import { jobId } from '@ctip/scheduling';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { NotificationsHarness, person } from './notifications-harness';

interface InboxView {
  id?: string;
  category: string;
  subject: string;
  link: string;
}

/**
 * The fund's notices through the production kinds: a decision on a proposal reaches an applicant who
 * reads Russian as one Russian email at a real SMTP server and one in-app item, and nothing more.
 */
describe('fund notices', () => {
  const h = new NotificationsHarness({ port: 14_510 });
  const run = uniqueSuffix(6);
  const applicant = `fund-contact-kz-${run}`;
  const address = `fund-contact-kz-${run}@mission.example.org`;

  beforeAll(async () => {
    await h.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('sends a proposal decision to a Russian-reading fund contact once, as a Russian email and in-app', async () => {
    await h.publish(
      TOPICS.directoryPersonChanged,
      person(applicant, {
        languages: ['ru', 'kk', 'en'],
        timeZone: 'Asia/Almaty',
        contactPoints: [{ channel: 'email', address, priority: 0 }],
      }),
    );
    await expectEventually(async () => expect(await h.collection('recipients').countDocuments({ _id: applicant } as never)).toBe(1));

    const decided: Payload<typeof TOPICS.fundProposalDecided> = {
      proposalId: `prop-${run}`,
      proposalRef: 'ATPF-2027-0042',
      title: 'Горячая линия для пострадавших от торговли людьми',
      organisationId: 'osce-presence-kz',
      countries: ['KZ'],
      decision: 'approved',
      lane: 'quarterly',
      cycleId: '2027-Q1',
      amountApproved: { amount: 4_500_000, currency: 'EUR' },
      recipients: { personIds: [applicant] },
      decidedAt: new Date().toISOString(),
    };
    const event = await h.publish(TOPICS.fundProposalDecided, decided);
    const link = 'https://console.ctip.test/fund/proposals/ATPF-2027-0042';

    const mail = await expectEventually(() => {
      const mails = h.smtp.to(address);
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(mail.messageId).toBe(`<${jobId(event.id, applicant, 'email')}@ctip.test>`);
    expect(mail.subject).toBe('Решение по проекту ATPF-2027-0042: одобрено');
    expect(mail.text).toContain('Фонд по борьбе с торговлей людьми принял решение по вашему предложению.');
    expect(mail.text).toMatch(/Решение: одобрено, сумма: 45\s000,00\s€/);
    expect(mail.text).toContain('Страны: Казахстан');
    expect(mail.text).toContain(`Открыть предложение: ${link}`);

    // Email and in-app, each reported delivered once.
    await expectEventually(() => expect(h.reports(TOPICS.notificationDelivered, event.id)).toHaveLength(2));
    const channels = h.reports(TOPICS.notificationDelivered, event.id).map((r) => r.data.channel);
    expect(channels.sort()).toEqual(['email', 'in-app']);
    const inbox = await h.listAll<InboxView>('/me/inbox', await h.token(applicant));
    expect(inbox).toEqual([
      expect.objectContaining({ category: 'fund-notice', subject: 'Решение по проекту ATPF-2027-0042: одобрено', link }),
    ]);

    // A redelivery of the same event, then a later decision under the same key (so on the same partition):
    // once the second is handled, the first was handled again before it — and sent nothing new.
    await h.producer.send(TOPICS.fundProposalDecided, [event]);
    const marker = await h.publish(TOPICS.fundProposalDecided, {
      ...decided,
      decision: 'deferred',
      amountApproved: { amount: 0, currency: 'EUR' },
      deferredTo: '2027-Q2',
    });
    await expectEventually(() => expect(h.reports(TOPICS.notificationDelivered, marker.id)).toHaveLength(2));
    expect(h.smtp.to(address).map((m) => m.subject)).toEqual([
      'Решение по проекту ATPF-2027-0042: одобрено',
      'Решение по проекту ATPF-2027-0042: отложено',
    ]);
    expect(h.reports(TOPICS.notificationDelivered, event.id)).toHaveLength(2);
  });
});
