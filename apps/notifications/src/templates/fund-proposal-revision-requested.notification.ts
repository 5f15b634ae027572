import { fundProposalRevisionRequestedSchema, TOPICS } from '@ctip/contracts';
import { FUND_NOTICE_CATEGORY } from './fund.category';
import { countryNames, FUND_LABELS, fundLinks } from './fund.labels';
import { defineNotification } from './notification-kind';

/** To the submitting organisation's fund contacts; the points to address are read in the console, not mailed. */
const facts = fundProposalRevisionRequestedSchema.pick({ proposalRef: true, title: true, countries: true, version: true, points: true });

export const fundProposalRevisionRequestedNotification = defineNotification({
  topic: TOPICS.fundProposalRevisionRequested,
  category: FUND_NOTICE_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: () => 'normal',
  links: (f, appBaseUrl) => fundLinks(appBaseUrl, f.proposalRef),
  labels: FUND_LABELS,
  context: (f, locale) => ({
    proposalRef: f.proposalRef,
    title: f.title,
    countries: countryNames(locale, f.countries),
    version: String(f.version),
    points: locale.labels.points(f.points),
  }),
  templates: {
    en: {
      subject: 'Revision requested: proposal {{proposalRef}}',
      body: `The Anti-Trafficking Project Fund asks you to revise your proposal before it goes further.

Proposal: {{proposalRef}} — {{title}}
Countries: {{countries}}
Version reviewed: {{version}}
To address: {{points}}

Read the points and resubmit: {{link}}
`,
      short: 'Revision requested for proposal {{proposalRef}} ({{points}}). {{link}}',
    },
    ru: {
      subject: 'Требуется доработка предложения {{proposalRef}}',
      body: `Фонд по борьбе с торговлей людьми просит доработать ваше предложение, прежде чем рассматривать его дальше.

Предложение: {{proposalRef}} — {{title}}
Страны: {{countries}}
Рассмотренная версия: {{version}}
Что доработать: {{points}}

Посмотреть замечания и отправить заново: {{link}}
`,
      short: 'Требуется доработка предложения {{proposalRef}} ({{points}}). {{link}}',
    },
  },
  sample: {
    proposalId: 'prop-1',
    proposalRef: 'ATPF-2027-0042',
    title: 'Hotline for trafficked persons in Kazakhstan',
    organisationId: 'osce-presence-kz',
    countries: ['KZ'],
    version: 1,
    points: 2,
    recipients: { personIds: ['p-1'] },
    requestedAt: '2027-02-10T09:00:00Z',
  },
});
