import { fundReminderDueSchema, TOPICS } from '@ctip/contracts';
import { FUND_NOTICE_CATEGORY } from './fund.category';
import { FUND_LABELS, fundLinks } from './fund.labels';
import { defineNotification } from './notification-kind';

/** A revision still pending, a report coming due, or a report overdue (with how many reminders so far). */
const facts = fundReminderDueSchema.pick({ proposalRef: true, title: true, reminder: true, report: true, dueOn: true, sequence: true });

export const fundReminderDueNotification = defineNotification({
  topic: TOPICS.fundReminderDue,
  category: FUND_NOTICE_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: () => 'normal',
  links: (f, appBaseUrl) => fundLinks(appBaseUrl, f.proposalRef),
  labels: FUND_LABELS,
  context: (f, locale) => {
    const en = locale.language === 'en';
    const owed = f.reminder === 'revision-pending' ? (en ? 'the revised proposal' : 'доработанное предложение') : undefined;
    const what = owed ?? (f.report ? locale.labels.report[f.report] : en ? 'a project report' : 'отчёт по проекту');
    return {
      reminder: locale.labels.reminder[f.reminder],
      proposalRef: f.proposalRef,
      title: f.title,
      what,
      dueOn: locale.dateTime(f.dueOn),
      sequence: f.reminder === 'report-overdue' ? (en ? ` (reminder ${f.sequence})` : ` (напоминание ${f.sequence})`) : '',
    };
  },
  templates: {
    en: {
      subject: '{{reminder}}: {{proposalRef}}{{sequence}}',
      body: `{{reminder}}{{sequence}}.

Proposal: {{proposalRef}} — {{title}}
Owed to the Anti-Trafficking Project Fund: {{what}}
Due: {{dueOn}}

Open the proposal: {{link}}
`,
      short: '{{reminder}}{{sequence}}: {{what}} for {{proposalRef}}, due {{dueOn}}. {{link}}',
    },
    ru: {
      subject: '{{reminder}}: {{proposalRef}}{{sequence}}',
      body: `{{reminder}}{{sequence}}.

Предложение: {{proposalRef}} — {{title}}
Что нужно представить в фонд: {{what}}
Срок: {{dueOn}}

Открыть предложение: {{link}}
`,
      short: '{{reminder}}{{sequence}}: {{what}}, проект {{proposalRef}}, срок {{dueOn}}. {{link}}',
    },
  },
  sample: {
    proposalId: 'prop-1',
    proposalRef: 'ATPF-2027-0042',
    title: 'Hotline for trafficked persons in Kazakhstan',
    organisationId: 'osce-presence-kz',
    countries: ['KZ'],
    reminder: 'report-overdue',
    obligationId: 'report-interim-narrative',
    report: 'interim-narrative',
    dueOn: '2027-09-30T00:00:00Z',
    sequence: 3,
    recipients: { personIds: ['p-1'] },
    remindedAt: '2027-10-07T08:00:00Z',
  },
});
