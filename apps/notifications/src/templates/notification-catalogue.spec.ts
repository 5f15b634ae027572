import { CATALOGUE, TOPICS, type Payload, type Topic } from '@ctip/contracts';
import { LocaleLabels, TEMPLATE_LANGUAGES } from './locale-labels';
import { NOTIFICATION_KINDS, NotificationCatalogue } from './notification-catalogue';
import { TemplateRenderer } from './template-renderer';

const recipients = { kind: 'focal-point' as const, organisationId: 'org-md', country: 'MD', personIds: ['p-1', 'p-2'] };

const SAMPLES: { [T in Topic]?: Payload<T> } = {
  [TOPICS.caseAlertRaised]: {
    alertId: 'alert-1',
    caseId: 'case-1',
    caseRef: 'RR-2026-000123',
    urgency: 'critical',
    countries: [
      { country: 'MD', role: 'origin' },
      { country: 'XK', role: 'destination' },
    ],
    servicesNeeded: ['shelter', 'legal-aid'],
    riskFlags: ['child'],
    recipients,
    rung: 0,
    acknowledgeBy: '2026-03-01T10:15:00Z',
  },
  [TOPICS.caseAlertEscalated]: {
    alertId: 'alert-1',
    caseId: 'case-1',
    caseRef: 'RR-2026-000123',
    urgency: 'high',
    fromRung: 0,
    toRung: 1,
    recipients,
    acknowledgeBy: '2026-03-01T10:45:00Z',
    delayMs: 0,
  },
};

/** Strings that must never reach a message: they stand for details of the person concerned. */
const CANARIES = { identity: { fullName: 'Canary Person', dateOfBirth: '2001-02-03' }, notes: 'met at the border' };

describe(NotificationCatalogue.name, () => {
  const renderer = new TemplateRenderer();
  const cases = NOTIFICATION_KINDS.flatMap((kind) => TEMPLATE_LANGUAGES.map((language) => [kind.topic, language] as const));

  it('has a sample payload, valid for its contract, for every notification kind', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(CATALOGUE[kind.topic].schema.safeParse(SAMPLES[kind.topic]).success).toBe(true);
    }
  });

  it.each(cases)('renders %s in %s with the case reference, urgency and link, and nothing left blank', (topic, language) => {
    const kind = new NotificationCatalogue().forTopic(topic)!;
    const facts = kind.facts({ ...SAMPLES[topic], ...CANARIES });
    const context = kind.context(facts, new LocaleLabels(language, 'Europe/Chisinau'), 'https://console.ctip.example/');
    const message = renderer.render(kind.templates[language], context);

    for (const part of [message.subject, message.body, message.short]) {
      expect(part).toContain('RR-2026-000123');
      expect(part).not.toMatch(/undefined|null|\[object Object\]|\{\{/);
      for (const canary of ['Canary Person', '2001-02-03', 'met at the border', 'child']) expect(part).not.toContain(canary);
    }
    expect(message.body).toContain('https://console.ctip.example/cases/RR-2026-000123');
    expect(message.short).toContain('https://console.ctip.example/cases/RR-2026-000123');
    expect(message.subject).toContain(
      language === 'ru'
        ? topic === TOPICS.caseAlertRaised
          ? 'КРИТИЧЕСКАЯ'
          : 'Высокая'
        : topic === TOPICS.caseAlertRaised
          ? 'CRITICAL'
          : 'High',
    );
    if (language === 'ru') expect(message.body).toMatch(/[А-Яа-я]{5,}/);
    else expect(message.body).not.toMatch(/[А-Яа-я]/);
    expect(message.short.length).toBeLessThanOrEqual(320);
  });

  it('shows countries and services in the reader’s language, and the deadline in their time zone', () => {
    const kind = new NotificationCatalogue().forTopic(TOPICS.caseAlertRaised)!;
    const facts = kind.facts(SAMPLES[TOPICS.caseAlertRaised]);
    const en = kind.context(facts, new LocaleLabels('en', 'Europe/Chisinau'), 'http://localhost:3000');
    const ru = kind.context(facts, new LocaleLabels('ru', 'Asia/Almaty'), 'http://localhost:3000');
    expect(en.countries).toBe('Moldova (origin), Kosovo (destination)');
    expect(en.services).toBe('shelter, legal aid');
    expect(en.acknowledgeBy).toContain('12:15');
    expect(ru.countries).toContain('Молдова');
    expect(ru.services).toBe('приют, юридическая помощь');
    expect(ru.acknowledgeBy).toContain('15:15');
  });

  it('keeps only whitelisted facts of an event, whatever else the payload carries', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const facts = kind.facts({ ...SAMPLES[kind.topic], ...CANARIES });
      expect(Object.keys(facts)).not.toEqual(expect.arrayContaining(['identity']));
      expect(Object.keys(facts).sort()).toEqual(
        kind.topic === TOPICS.caseAlertRaised
          ? ['acknowledgeBy', 'caseRef', 'countries', 'servicesNeeded', 'urgency']
          : ['acknowledgeBy', 'caseRef', 'toRung', 'urgency'],
      );
    }
  });

  it('knows no template for a topic that causes no notification', () => {
    expect(new NotificationCatalogue().forTopic(TOPICS.caseReported)).toBeUndefined();
  });
});
