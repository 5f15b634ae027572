import { TemplateRenderer } from './template-renderer';
import { trainingCertificateIssuedNotification } from './training-certificate-issued.notification';
import { trainingEventCancelledNotification } from './training-event-cancelled.notification';
import { trainingEventChangedNotification } from './training-event-changed.notification';
import { trainingInvitationSentNotification } from './training-invitation-sent.notification';
import { trainingReminderDueNotification } from './training-reminder-due.notification';
import { trainingSeatOfferedNotification } from './training-seat-offered.notification';
import { trainingRegistrationWaitlistedNotification } from './training-registration-waitlisted.notification';
import type { NotificationKind } from './notification-kind';
import type { Reader } from './recipient-locale';

const BASE = 'https://console.ctip.test';
const vienna: Reader = { language: 'en', timeZone: 'Europe/Vienna' };
const ashgabat: Reader = { language: 'ru', timeZone: 'Asia/Ashgabat' };
const renderer = new TemplateRenderer();

function render(kind: NotificationKind, reader: Reader, data: unknown = kind.sample) {
  const facts = kind.facts(data);
  return renderer.render(kind.templates[reader.language], kind.present(facts, reader, BASE).context);
}

describe('training notices', () => {
  it('a change notice says what changed and the old and the new time, on the reader’s clock', () => {
    const en = render(trainingEventChangedNotification, vienna);
    expect(en.subject).toBe('Changed (time, agenda): Identification and referral of trafficked persons');
    expect(en.body).toContain(
      'Was: Oct 2, 2010, 06:00 GMT+2 – Oct 3, 2010, 14:00 GMT+2\nNow: Oct 2, 2010, 07:00 GMT+2 – Oct 3, 2010, 15:00 GMT+2',
    );
    expect(en.body).toContain('The agenda has changed');
    const ru = render(trainingEventChangedNotification, ashgabat);
    expect(ru.subject).toBe('Изменения (время, программа): Выявление и перенаправление пострадавших от торговли людьми');
    expect(ru.body).toContain('Было: 2 окт. 2010 г., 09:00 GMT+5 – 3 окт. 2010 г., 17:00 GMT+5\nСтало: 2 окт. 2010 г., 10:00 GMT+5');
    const venueOnly = { ...trainingEventChangedNotification.sample, changes: ['venue'], previous: undefined };
    expect(render(trainingEventChangedNotification, vienna, venueOnly).body).toMatch(
      /has changed: venue\.\n\nWhen: Oct 2, 2010, 07:00 GMT\+2 – .*\nWhere: Hotel Hazar/,
    );
  });

  it('a seat offer gives the confirm-by time in the reader’s time zone and language', () => {
    expect(render(trainingSeatOfferedNotification, vienna).body).toContain('Please confirm by Sep 28, 2010, 17:00 GMT+2.');
    expect(render(trainingSeatOfferedNotification, ashgabat).body).toContain('подтвердите участие до 28 сент. 2010 г., 20:00 GMT+5.');
  });

  it('a waitlist notice gives the place, a reminder counts the days in Russian plurals', () => {
    expect(render(trainingRegistrationWaitlistedNotification, ashgabat).body).toContain('Вы под номером 3 в листе ожидания');
    const days = (daysBefore: number) =>
      render(trainingReminderDueNotification, ashgabat, { ...trainingReminderDueNotification.sample, daysBefore }).subject;
    expect([days(0), days(1), days(2), days(7)].map((s) => s.split(' начинается ')[1])).toEqual([
      'сегодня',
      'завтра',
      'через 2 дня',
      'через 7 дней',
    ]);
    expect(render(trainingReminderDueNotification, vienna, { ...trainingReminderDueNotification.sample, daysBefore: 1 }).subject).toMatch(
      /starts tomorrow$/,
    );
  });

  it('a certificate notice carries the public verification code and its link', () => {
    const ru = render(trainingCertificateIssuedNotification, ashgabat);
    expect(ru.body).toContain('Код проверки: K7Q2-M9XD-4TZP');
    expect(ru.body).toContain(`${BASE}/training/certificate-verifications/K7Q2-M9XD-4TZP`);
  });

  it('the title is the reader’s language when the event has it, else the other one', () => {
    const onlyEnglish = { ...trainingInvitationSentNotification.sample, title: { en: 'Annual meeting of focal points' } };
    expect(render(trainingInvitationSentNotification, ashgabat, onlyEnglish).subject).toBe('Приглашение: Annual meeting of focal points');
  });

  it('calendar entries: REQUEST with the event’s UID and SEQUENCE, CANCEL for a cancellation, the summary in the reader’s language', () => {
    const invitation = trainingInvitationSentNotification.calendar!(
      trainingInvitationSentNotification.facts(trainingInvitationSentNotification.sample),
      ashgabat,
      BASE,
    );
    expect(invitation).toMatchObject({
      method: 'REQUEST',
      uid: 'evt-turkmenbashy-2010@training-events.ctip',
      sequence: 1,
      timeZone: 'Asia/Ashgabat',
      summary: 'Выявление и перенаправление пострадавших от торговли людьми',
      location: 'Hotel Hazar, Turkmenbashy, Turkmenistan',
      url: `${BASE}/training/events/evt-turkmenbashy-2010`,
    });
    const cancelled = trainingEventCancelledNotification;
    expect(cancelled.calendar!(cancelled.facts(cancelled.sample), vienna, BASE)).toMatchObject({ method: 'CANCEL', sequence: 2 });
  });

  it('email and in-app; an urgent cancellation (within 48 h) is high and may also go by SMS', () => {
    const cancelled = trainingEventCancelledNotification;
    expect(cancelled.urgency({ ...cancelled.sample, urgent: true })).toBe('high');
    expect(cancelled.urgency({ ...cancelled.sample, urgent: false })).toBe('normal');
    expect(cancelled.channels!('high')).toEqual(['email', 'sms', 'in-app']);
    expect(cancelled.channels!('normal')).toEqual(['email', 'in-app']);
    expect(trainingInvitationSentNotification.urgency(trainingInvitationSentNotification.sample)).toBe('normal');
  });
});
