import { caseAlertRaisedSchema, TOPICS } from '@ctip/contracts';
import { CASE_ALERT_CATEGORY } from './case-alert.category';
import { CASE_LABELS, caseLinks, countriesLabel, servicesLabel } from './case.labels';
import { defineNotification } from './notification-kind';

/** Case reference, urgency, countries, services and the deadline; no risk flags, nothing about the person concerned. */
const facts = caseAlertRaisedSchema.pick({ caseRef: true, urgency: true, countries: true, servicesNeeded: true, acknowledgeBy: true });

export const caseAlertRaisedNotification = defineNotification({
  topic: TOPICS.caseAlertRaised,
  category: CASE_ALERT_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: (data) => data.urgency,
  links: (f, appBaseUrl) => caseLinks(appBaseUrl, f.caseRef),
  labels: CASE_LABELS,
  context: (f, locale) => ({
    caseRef: f.caseRef,
    urgency: locale.labels.urgency[f.urgency],
    countries: countriesLabel(locale, f.countries),
    services: servicesLabel(locale, f.servicesNeeded),
    acknowledgeBy: locale.dateTime(f.acknowledgeBy),
  }),
  templates: {
    en: {
      subject: '[{{urgency}}] Case alert {{caseRef}}',
      body: `A case needs your attention.

Case: {{caseRef}}
Urgency: {{urgency}}
Countries: {{countries}}
Services needed: {{services}}
Please acknowledge by {{acknowledgeBy}}.

Open the case: {{link}}

This message carries no personal details; the case record holds them, behind sign-in.
`,
      short: '{{urgency}} case alert {{caseRef}}: {{services}}. Acknowledge by {{acknowledgeBy}}. {{link}}',
    },
    ru: {
      subject: '[{{urgency}}] Оповещение по делу {{caseRef}}',
      body: `Дело требует вашего внимания.

Дело: {{caseRef}}
Срочность: {{urgency}}
Страны: {{countries}}
Необходимые услуги: {{services}}
Пожалуйста, подтвердите получение до {{acknowledgeBy}}.

Открыть дело: {{link}}

В этом сообщении нет персональных данных; они хранятся в деле и доступны после входа в систему.
`,
      short: '{{urgency}}: оповещение по делу {{caseRef}}: {{services}}. Подтвердите до {{acknowledgeBy}}. {{link}}',
    },
  },
  sample: {
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
    recipients: { kind: 'focal-point', organisationId: 'org-md', country: 'MD', personIds: ['p-1', 'p-2'] },
    rung: 0,
    acknowledgeBy: '2026-03-01T10:15:00Z',
  },
});
