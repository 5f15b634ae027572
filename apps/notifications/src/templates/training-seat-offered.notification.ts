import { TOPICS, trainingSeatOfferedSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** A seat freed and is offered to the participant until a deadline, on their own clock. */
const facts = trainingSeatOfferedSchema.pick({ ...TRAINING_FACTS, confirmBy: true });

export const trainingSeatOfferedNotification = defineTrainingNotice({
  topic: TOPICS.trainingSeatOffered,
  facts,
  context: (f, locale) => ({ confirmBy: locale.dateTime(f.confirmBy) }),
  templates: {
    en: {
      subject: 'A seat is free for you: {{title}}',
      body: `A seat has become free at the {{kind}} "{{title}}" and it is offered to you.

When: {{when}}
Where: {{where}}

Please confirm by {{confirmBy}}. If you do not, the seat goes to the next person on the waitlist.
Confirm your seat: {{link}}
`,
      short: 'Seat free for you at {{shortTitle}}. Confirm by {{confirmBy}}: {{link}}',
    },
    ru: {
      subject: 'Для вас освободилось место: {{title}}',
      body: `На мероприятии «{{title}}» ({{kind}}) освободилось место, и оно предложено вам.

Когда: {{when}}
Где: {{where}}

Пожалуйста, подтвердите участие до {{confirmBy}}. Иначе место перейдёт к следующему в листе ожидания.
Подтвердить участие: {{link}}
`,
      short: 'Для вас есть место: «{{shortTitle}}». Подтвердите до {{confirmBy}}: {{link}}',
    },
  },
  sample: {
    ...SAMPLE_TRAINING_EVENT,
    registrationId: 'reg-1',
    offerId: 'offer-1',
    confirmBy: '2010-09-28T15:00:00Z',
    recipients: { personIds: ['p-1'] },
    at: '2010-09-26T15:00:00Z',
  },
});
