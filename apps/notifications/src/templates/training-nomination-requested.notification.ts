import { TOPICS, trainingNominationRequestedSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS, trainingLinks } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** An institution is asked to nominate participants, within its quota (to its focal points). */
const facts = trainingNominationRequestedSchema.pick({ ...TRAINING_FACTS, quota: true, nominateBy: true });

export const trainingNominationRequestedNotification = defineTrainingNotice({
  topic: TOPICS.trainingNominationRequested,
  facts,
  links: (f, appBaseUrl) => trainingLinks(appBaseUrl, f.eventId, '/nominations'),
  context: (f, locale) => {
    const en = locale.language === 'en';
    const by = f.nominateBy ? locale.dateTime(f.nominateBy) : undefined;
    return {
      quota: locale.labels.upTo(f.quota),
      nominateBy: by ? (en ? ` by ${by}` : ` до ${by}`) : '',
    };
  },
  templates: {
    en: {
      subject: 'Nominations requested: {{title}}',
      body: `Your organisation is asked to nominate {{quota}} for the {{kind}} "{{title}}".

When: {{when}}
Where: {{where}}

Please nominate{{nominateBy}}: {{link}}
`,
      short: 'Nominate {{quota}} for {{shortTitle}}{{nominateBy}}. {{link}}',
    },
    ru: {
      subject: 'Запрос кандидатур: {{title}}',
      body: `Вашу организацию просят выдвинуть {{quota}} на мероприятие «{{title}}» ({{kind}}).

Когда: {{when}}
Где: {{where}}

Выдвинуть кандидатуры{{nominateBy}}: {{link}}
`,
      short: 'Выдвиньте {{quota}} на мероприятие «{{shortTitle}}»{{nominateBy}}. {{link}}',
    },
  },
  sample: {
    ...SAMPLE_TRAINING_EVENT,
    nominationRequestId: 'nr-1',
    nominatingOrganisationId: 'osce-centre-ashgabat',
    quota: 3,
    nominateBy: '2010-09-20T15:00:00Z',
    recipients: { personIds: ['p-1'] },
    at: '2010-09-01T08:00:00Z',
  },
});
