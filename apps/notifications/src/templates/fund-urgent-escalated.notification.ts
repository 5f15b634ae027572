import { fundUrgentEscalatedSchema, TOPICS } from '@ctip/contracts';
import { FUND_URGENT_CATEGORY } from './fund.category';
import { countryNames, FUND_LABELS, fundLinks } from './fund.labels';
import { defineNotification } from './notification-kind';

/** Half the SLA gone undecided (a reminder to the officers), or all of it (expired, to the head of unit). */
const facts = fundUrgentEscalatedSchema.pick({ proposalRef: true, title: true, countries: true, stage: true, decideBy: true });

export const fundUrgentEscalatedNotification = defineNotification({
  topic: TOPICS.fundUrgentEscalated,
  category: FUND_URGENT_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: () => 'high',
  links: (f, appBaseUrl) => fundLinks(appBaseUrl, f.proposalRef),
  labels: FUND_LABELS,
  context: (f, locale) => {
    const en = locale.language === 'en';
    const expired = f.stage === 'expired';
    return {
      proposalRef: f.proposalRef,
      title: f.title,
      countries: countryNames(locale, f.countries),
      decideBy: locale.dateTime(f.decideBy),
      headline: expired
        ? en
          ? 'EXPIRED: urgent fund request not decided in time'
          : 'СРОК ИСТЁК: срочный запрос в фонд не решён вовремя'
        : en
          ? 'Reminder: urgent fund request still undecided'
          : 'Напоминание: срочный запрос в фонд ещё не решён',
      status: expired
        ? en
          ? `The decision was due by ${locale.dateTime(f.decideBy)} and has been escalated to you as head of unit.`
          : `Решение нужно было принять до ${locale.dateTime(f.decideBy)}; запрос передан вам как руководителю отдела.`
        : en
          ? `Half of the time to decide has passed; the decision is due by ${locale.dateTime(f.decideBy)}.`
          : `Прошла половина срока; решение нужно принять до ${locale.dateTime(f.decideBy)}.`,
    };
  },
  templates: {
    en: {
      subject: '[Urgent] {{headline}} ({{proposalRef}})',
      body: `{{headline}}.

Proposal: {{proposalRef}} — {{title}}
Countries: {{countries}}
{{status}}

Open the proposal: {{link}}
`,
      short: '{{headline}}: {{proposalRef}}, due {{decideBy}}. {{link}}',
    },
    ru: {
      subject: '[Срочно] {{headline}} ({{proposalRef}})',
      body: `{{headline}}.

Предложение: {{proposalRef}} — {{title}}
Страны: {{countries}}
{{status}}

Открыть предложение: {{link}}
`,
      short: '{{headline}}: {{proposalRef}}, срок {{decideBy}}. {{link}}',
    },
  },
  sample: {
    proposalId: 'prop-2',
    proposalRef: 'ATPF-2027-0043',
    title: 'Emergency legal assistance in a cross-border case',
    organisationId: 'osce-presence-md',
    countries: ['MD'],
    stage: 'expired',
    decideBy: '2027-02-13T09:00:00Z',
    recipients: { personIds: ['head-of-unit-1'] },
    escalatedAt: '2027-02-13T09:00:05Z',
  },
});
