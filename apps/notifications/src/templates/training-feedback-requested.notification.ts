import { TOPICS, trainingFeedbackRequestedSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS, trainingLinks } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** The event ended: the participant is asked for feedback (answered once, reported without names). */
const facts = trainingFeedbackRequestedSchema.pick(TRAINING_FACTS);

export const trainingFeedbackRequestedNotification = defineTrainingNotice({
  topic: TOPICS.trainingFeedbackRequested,
  facts,
  links: (f, appBaseUrl) => trainingLinks(appBaseUrl, f.eventId, '/feedback'),
  templates: {
    en: {
      subject: 'Your feedback on {{title}}',
      body: `Thank you for taking part in the {{kind}} "{{title}}" ({{when}}).

Please tell us how useful, relevant and well organised it was: five questions and room for comments. Your answers are reported without your name.
Give feedback: {{link}}
`,
      short: 'Your feedback on {{shortTitle}}, please: {{link}}',
    },
    ru: {
      subject: 'Ваш отзыв о мероприятии «{{title}}»',
      body: `Спасибо за участие в мероприятии «{{title}}» ({{kind}}, {{when}}).

Пожалуйста, оцените его полезность, актуальность и организацию: несколько вопросов и место для комментариев. Ответы учитываются без указания вашего имени.
Оставить отзыв: {{link}}
`,
      short: 'Пожалуйста, оставьте отзыв о мероприятии «{{shortTitle}}»: {{link}}',
    },
  },
  sample: { ...SAMPLE_TRAINING_EVENT, recipients: { personIds: ['p-1'] }, at: '2010-10-03T13:00:00Z' },
});
