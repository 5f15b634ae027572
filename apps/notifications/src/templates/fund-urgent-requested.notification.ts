import { fundUrgentRequestedSchema, TOPICS } from '@ctip/contracts';
import { FUND_URGENT_CATEGORY } from './fund.category';
import { countryNames, FUND_LABELS, fundLinks, moneyLabel } from './fund.labels';
import { defineNotification } from './notification-kind';

/** To the on-duty fund officers: what is asked and by when. The justification stays in the fund service. */
const facts = fundUrgentRequestedSchema.pick({ proposalRef: true, title: true, countries: true, amountRequested: true, decideBy: true });

export const fundUrgentRequestedNotification = defineNotification({
  topic: TOPICS.fundUrgentRequested,
  category: FUND_URGENT_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: () => 'high',
  links: (f, appBaseUrl) => fundLinks(appBaseUrl, f.proposalRef),
  labels: FUND_LABELS,
  context: (f, locale) => ({
    proposalRef: f.proposalRef,
    title: f.title,
    countries: countryNames(locale, f.countries),
    amount: moneyLabel(locale, f.amountRequested),
    decideBy: locale.dateTime(f.decideBy),
  }),
  templates: {
    en: {
      subject: '[Urgent] Fund request {{proposalRef}}: decide by {{decideBy}}',
      body: `An urgent request to the Anti-Trafficking Project Fund needs a decision.

Proposal: {{proposalRef}} — {{title}}
Countries: {{countries}}
Amount requested: {{amount}}
Decide by: {{decideBy}}

Two people decide it; the justification is in the proposal: {{link}}
`,
      short: 'URGENT fund request {{proposalRef}} ({{amount}}). Decide by {{decideBy}}. {{link}}',
    },
    ru: {
      subject: '[Срочно] Запрос в фонд {{proposalRef}}: решение до {{decideBy}}',
      body: `Срочный запрос в Фонд по борьбе с торговлей людьми требует решения.

Предложение: {{proposalRef}} — {{title}}
Страны: {{countries}}
Запрошенная сумма: {{amount}}
Решение нужно до: {{decideBy}}

Решение принимают два человека; обоснование — в предложении: {{link}}
`,
      short: 'СРОЧНО: запрос в фонд {{proposalRef}} ({{amount}}). Решение до {{decideBy}}. {{link}}',
    },
  },
  sample: {
    proposalId: 'prop-2',
    proposalRef: 'ATPF-2027-0043',
    title: 'Emergency legal assistance in a cross-border case',
    organisationId: 'osce-presence-md',
    countries: ['MD'],
    amountRequested: { amount: 1_200_000, currency: 'EUR' },
    decideBy: '2027-02-13T09:00:00Z',
    recipients: { personIds: ['fo-1'] },
    requestedAt: '2027-02-10T09:00:00Z',
  },
});
