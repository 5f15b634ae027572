import { caseAlertEscalatedSchema, TOPICS } from '@ctip/contracts';
import { CASE_ALERT_CATEGORY } from './case-alert.category';
import { CASE_LABELS, caseLinks } from './case.labels';
import { defineNotification } from './notification-kind';

const facts = caseAlertEscalatedSchema.pick({ caseRef: true, urgency: true, toRung: true, acknowledgeBy: true });

export const caseAlertEscalatedNotification = defineNotification({
  topic: TOPICS.caseAlertEscalated,
  category: CASE_ALERT_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: (data) => data.urgency,
  links: (f, appBaseUrl) => caseLinks(appBaseUrl, f.caseRef),
  labels: CASE_LABELS,
  context: (f, locale) => ({
    caseRef: f.caseRef,
    urgency: locale.labels.urgency[f.urgency],
    level: String(f.toRung),
    acknowledgeBy: locale.dateTime(f.acknowledgeBy),
  }),
  templates: {
    en: {
      subject: '[{{urgency}}] Escalated: case alert {{caseRef}} was not acknowledged',
      body: `Nobody acknowledged the alert for case {{caseRef}} in time, so it has been escalated to you (level {{level}}).

Case: {{caseRef}}
Urgency: {{urgency}}
Please acknowledge by {{acknowledgeBy}}.

Open the case: {{link}}

This message carries no personal details; the case record holds them, behind sign-in.
`,
      short: 'ESCALATED {{urgency}} case alert {{caseRef}} (level {{level}}). Acknowledge by {{acknowledgeBy}}. {{link}}',
    },
    ru: {
      subject: '[{{urgency}}] Эскалация: оповещение по делу {{caseRef}} не подтверждено',
      body: `Никто не подтвердил оповещение по делу {{caseRef}} вовремя, поэтому оно передано вам (уровень {{level}}).

Дело: {{caseRef}}
Срочность: {{urgency}}
Пожалуйста, подтвердите получение до {{acknowledgeBy}}.

Открыть дело: {{link}}

В этом сообщении нет персональных данных; они хранятся в деле и доступны после входа в систему.
`,
      short: 'ЭСКАЛАЦИЯ {{urgency}}: дело {{caseRef}} (уровень {{level}}). Подтвердите до {{acknowledgeBy}}. {{link}}',
    },
  },
  sample: {
    alertId: 'alert-1',
    caseId: 'case-1',
    caseRef: 'RR-2026-000123',
    urgency: 'high',
    fromRung: 0,
    toRung: 1,
    recipients: { kind: 'focal-point', organisationId: 'org-md', country: 'MD', personIds: ['p-1', 'p-2'] },
    acknowledgeBy: '2026-03-01T10:45:00Z',
    delayMs: 0,
  },
});
