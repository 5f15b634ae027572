import { caseAlertRaisedSchema, TOPICS } from '@ctip/contracts';
import { caseLink, defineNotification } from './notification-kind';

/** Case reference, urgency, countries, services and the deadline; no risk flags, nothing about the person concerned. */
const facts = caseAlertRaisedSchema.pick({ caseRef: true, urgency: true, countries: true, servicesNeeded: true, acknowledgeBy: true });

export const caseAlertRaisedNotification = defineNotification({
  topic: TOPICS.caseAlertRaised,
  category: 'case-alert',
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: (data) => data.urgency,
  context: (f, labels, appBaseUrl) => ({
    caseRef: f.caseRef,
    urgency: labels.urgency(f.urgency),
    countries: labels.countries(f.countries),
    services: labels.services(f.servicesNeeded),
    acknowledgeBy: labels.dateTime(f.acknowledgeBy),
    link: caseLink(appBaseUrl, f.caseRef),
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
});
