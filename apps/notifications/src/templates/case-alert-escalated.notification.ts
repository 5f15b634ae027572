import { caseAlertEscalatedSchema, TOPICS } from '@ctip/contracts';
import { caseLink, defineNotification } from './notification-kind';

const facts = caseAlertEscalatedSchema.pick({ caseRef: true, urgency: true, toRung: true, acknowledgeBy: true });

export const caseAlertEscalatedNotification = defineNotification({
  topic: TOPICS.caseAlertEscalated,
  category: 'case-alert',
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: (data) => data.urgency,
  context: (f, labels, appBaseUrl) => ({
    caseRef: f.caseRef,
    urgency: labels.urgency(f.urgency),
    level: String(f.toRung),
    acknowledgeBy: labels.dateTime(f.acknowledgeBy),
    link: caseLink(appBaseUrl, f.caseRef),
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
});
