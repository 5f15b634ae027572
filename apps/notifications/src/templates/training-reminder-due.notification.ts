import { TOPICS, trainingReminderDueSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** A participant's reminder: the event starts in so many days, counted on their own calendar. */
const facts = trainingReminderDueSchema.pick({ ...TRAINING_FACTS, daysBefore: true });

export const trainingReminderDueNotification = defineTrainingNotice({
  topic: TOPICS.trainingReminderDue,
  facts,
  context: (f, locale) => ({ startsIn: locale.labels.daysAhead(f.daysBefore) }),
  templates: {
    en: {
      subject: 'Reminder: {{title}} starts {{startsIn}}',
      body: `A reminder: the {{kind}} "{{title}}" starts {{startsIn}}.

When: {{when}}
Where: {{where}}

Agenda, materials and your registration: {{link}}
`,
      short: 'Reminder: {{shortTitle}} starts {{startsIn}}, {{when}}. {{link}}',
    },
    ru: {
      subject: 'Напоминание: «{{title}}» начинается {{startsIn}}',
      body: `Напоминаем: мероприятие «{{title}}» ({{kind}}) начинается {{startsIn}}.

Когда: {{when}}
Где: {{where}}

Программа, материалы и ваша регистрация: {{link}}
`,
      short: 'Напоминание: «{{shortTitle}}» начинается {{startsIn}}, {{when}}. {{link}}',
    },
  },
  sample: {
    ...SAMPLE_TRAINING_EVENT,
    registrationId: 'reg-1',
    reminderId: 'rem-7d',
    daysBefore: 7,
    recipients: { personIds: ['p-1'] },
    at: '2010-09-25T04:00:00Z',
  },
});
