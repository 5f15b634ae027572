import { TOPICS, trainingEventCancelledSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/**
 * The event was cancelled; its calendar entry is cancelled (METHOD:CANCEL). Within 48 h of the start
 * (`urgent`) it is urgency high, so it also goes by SMS to people with a phone (see `trainingChannels`);
 * high, not critical: it respects quiet hours, which only case alerts override.
 */
const facts = trainingEventCancelledSchema.pick({ ...TRAINING_FACTS, urgent: true });

export const trainingEventCancelledNotification = defineTrainingNotice({
  topic: TOPICS.trainingEventCancelled,
  facts,
  urgency: (data) => (data.urgent ? 'high' : 'normal'),
  calendarMethod: 'CANCEL',
  templates: {
    en: {
      subject: 'Cancelled: {{title}}',
      body: `The {{kind}} "{{title}}" has been cancelled.

It was planned for: {{when}}
Where: {{where}}

The attached calendar update removes it from your calendar. Details: {{link}}
`,
      short: 'Cancelled: {{shortTitle}}, {{when}}. {{link}}',
    },
    ru: {
      subject: 'Отменено: {{title}}',
      body: `Мероприятие «{{title}}» ({{kind}}) отменено.

Было запланировано на: {{when}}
Где: {{where}}

Приложенное обновление удалит его из вашего календаря. Подробности: {{link}}
`,
      short: 'Отменено: «{{shortTitle}}», {{when}}. {{link}}',
    },
  },
  sample: {
    ...SAMPLE_TRAINING_EVENT,
    version: 3,
    calendar: { ...SAMPLE_TRAINING_EVENT.calendar, sequence: 2 },
    urgent: true,
    recipients: { personIds: ['p-1'] },
    at: '2010-10-01T08:00:00Z',
  },
});
