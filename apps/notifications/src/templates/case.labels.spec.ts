import { caseAlertRaisedNotification } from './case-alert-raised.notification';
import { CASE_LABELS, countriesLabel, servicesLabel } from './case.labels';
import { RecipientLocale } from './recipient-locale';

describe('case labels', () => {
  const { countries, servicesNeeded } = caseAlertRaisedNotification.sample;

  it('shows countries and services in the reader’s language', () => {
    const en = new RecipientLocale('en', 'Europe/Chisinau', CASE_LABELS.en);
    const ru = new RecipientLocale('ru', 'Asia/Almaty', CASE_LABELS.ru);
    expect(countriesLabel(en, countries)).toBe('Moldova (origin), Kosovo (destination)');
    expect(servicesLabel(en, servicesNeeded)).toBe('shelter, legal aid');
    expect(servicesLabel(en, [])).toBe('none stated');
    expect(countriesLabel(ru, countries)).toContain('Молдова (происхождение)');
    expect(servicesLabel(ru, servicesNeeded)).toBe('приют, юридическая помощь');
  });

  it('shows a case alert’s deadline in the reader’s time zone, and links to the case', () => {
    const kind = caseAlertRaisedNotification;
    const facts = kind.facts(kind.sample);
    const en = kind.present(facts, { language: 'en', timeZone: 'Europe/Chisinau' }, 'https://console.ctip.example/');
    const ru = kind.present(facts, { language: 'ru', timeZone: 'Asia/Almaty' }, 'https://console.ctip.example');
    expect(en.context.acknowledgeBy).toContain('12:15');
    expect(ru.context.acknowledgeBy).toContain('15:15');
    expect(en.links).toEqual({ link: 'https://console.ctip.example/cases/RR-2026-000123' });
    expect(ru.links).toEqual(en.links);
  });
});
