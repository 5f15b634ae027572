import { TOPICS, trainingRegistrationWaitlistedSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** The event was full: the participant waits at a place on the waitlist. */
const facts = trainingRegistrationWaitlistedSchema.pick({ ...TRAINING_FACTS, position: true });

export const trainingRegistrationWaitlistedNotification = defineTrainingNotice({
  topic: TOPICS.trainingRegistrationWaitlisted,
  facts,
  context: (f) => ({ position: String(f.position) }),
  templates: {
    en: {
      subject: 'Waitlist place {{position}}: {{title}}',
      body: `The {{kind}} "{{title}}" is full. You are number {{position}} on the waitlist.

When: {{when}}
Where: {{where}}

When a seat frees up it is offered to the first person on the waitlist, who then has a deadline to confirm. We will let you know.
Your registration: {{link}}
`,
      short: 'Waitlist place {{position}} for {{shortTitle}}. {{link}}',
    },
    ru: {
      subject: 'Лист ожидания, место {{position}}: {{title}}',
      body: `Все места на мероприятии «{{title}}» ({{kind}}) заняты. Вы под номером {{position}} в листе ожидания.

Когда: {{when}}
Где: {{where}}

Когда место освободится, его предложат первому в листе ожидания с указанием срока для подтверждения. Мы вам сообщим.
Ваша регистрация: {{link}}
`,
      short: 'Лист ожидания: вы под номером {{position}}, «{{shortTitle}}». {{link}}',
    },
  },
  sample: {
    ...SAMPLE_TRAINING_EVENT,
    registrationId: 'reg-1',
    position: 3,
    recipients: { personIds: ['p-1'] },
    at: '2010-09-05T08:00:00Z',
  },
});
