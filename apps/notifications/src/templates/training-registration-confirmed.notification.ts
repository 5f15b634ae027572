import { TOPICS, trainingRegistrationConfirmedSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** The participant holds a seat. */
const facts = trainingRegistrationConfirmedSchema.pick(TRAINING_FACTS);

export const trainingRegistrationConfirmedNotification = defineTrainingNotice({
  topic: TOPICS.trainingRegistrationConfirmed,
  facts,
  templates: {
    en: {
      subject: 'Registration confirmed: {{title}}',
      body: `Your place at the {{kind}} "{{title}}" is confirmed.

When: {{when}}
Where: {{where}}

If you can no longer attend, please withdraw so that someone on the waitlist gets your seat: {{link}}
`,
      short: 'Confirmed: your place at {{shortTitle}}, {{when}}. {{link}}',
    },
    ru: {
      subject: 'Регистрация подтверждена: {{title}}',
      body: `Ваше участие в мероприятии «{{title}}» ({{kind}}) подтверждено.

Когда: {{when}}
Где: {{where}}

Если вы не сможете принять участие, пожалуйста, отмените регистрацию, чтобы ваше место получил следующий в листе ожидания: {{link}}
`,
      short: 'Участие подтверждено: «{{shortTitle}}», {{when}}. {{link}}',
    },
  },
  sample: { ...SAMPLE_TRAINING_EVENT, registrationId: 'reg-1', recipients: { personIds: ['p-1'] }, at: '2010-09-05T08:00:00Z' },
});
