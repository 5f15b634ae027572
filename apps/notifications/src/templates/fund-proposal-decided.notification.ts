import { fundProposalDecidedSchema, TOPICS } from '@ctip/contracts';
import { FUND_NOTICE_CATEGORY } from './fund.category';
import { countryNames, FUND_LABELS, fundLinks, moneyLabel } from './fund.labels';
import { defineNotification } from './notification-kind';

/** Approved with its amount, deferred to a cycle, or declined; never scores, reviewers or comments (the contract has none). */
const facts = fundProposalDecidedSchema.pick({
  proposalRef: true,
  title: true,
  countries: true,
  decision: true,
  lane: true,
  cycleId: true,
  amountApproved: true,
  deferredTo: true,
});

export const fundProposalDecidedNotification = defineNotification({
  topic: TOPICS.fundProposalDecided,
  category: FUND_NOTICE_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: () => 'normal',
  links: (f, appBaseUrl) => fundLinks(appBaseUrl, f.proposalRef),
  labels: FUND_LABELS,
  context: (f, locale) => {
    const en = locale.language === 'en';
    const outcome =
      f.decision === 'approved'
        ? en
          ? `approved, for ${moneyLabel(locale, f.amountApproved)}`
          : `одобрено, сумма: ${moneyLabel(locale, f.amountApproved)}`
        : f.decision === 'deferred'
          ? en
            ? `deferred to cycle ${f.deferredTo ?? 'the next cycle'}`
            : `отложено до цикла ${f.deferredTo ?? 'следующего квартала'}`
          : locale.labels.decision.declined;
    return {
      proposalRef: f.proposalRef,
      title: f.title,
      countries: countryNames(locale, f.countries),
      decision: locale.labels.decision[f.decision],
      outcome,
      lane: locale.labels.lane[f.lane],
      cycleId: f.cycleId,
    };
  },
  templates: {
    en: {
      subject: 'Proposal {{proposalRef}} {{decision}}',
      body: `The Anti-Trafficking Project Fund has decided on your proposal.

Proposal: {{proposalRef}} — {{title}}
Countries: {{countries}}
Decision: {{outcome}}
By: {{lane}}, cycle {{cycleId}}

Open the proposal: {{link}}
`,
      short: 'Proposal {{proposalRef}}: {{outcome}}. {{link}}',
    },
    ru: {
      subject: 'Решение по проекту {{proposalRef}}: {{decision}}',
      body: `Фонд по борьбе с торговлей людьми принял решение по вашему предложению.

Предложение: {{proposalRef}} — {{title}}
Страны: {{countries}}
Решение: {{outcome}}
Порядок: {{lane}}, цикл {{cycleId}}

Открыть предложение: {{link}}
`,
      short: 'Проект {{proposalRef}}: {{outcome}}. {{link}}',
    },
  },
  sample: {
    proposalId: 'prop-1',
    proposalRef: 'ATPF-2027-0042',
    title: 'Hotline for trafficked persons in Kazakhstan',
    organisationId: 'osce-presence-kz',
    countries: ['KZ', 'TM'],
    decision: 'approved',
    lane: 'quarterly',
    cycleId: '2027-Q1',
    amountApproved: { amount: 4_500_000, currency: 'EUR' },
    recipients: { personIds: ['p-1'] },
    decidedAt: '2027-04-10T09:00:00Z',
  },
});
