import { TOPICS, trainingRegistrationConfirmedSchema } from '@ctip/contracts';
import { defineNotification } from './notification-kind';
import { TRAINING_CATEGORY } from './training.category';
import {
  SAMPLE_TRAINING_EVENT,
  TRAINING_FACTS,
  TRAINING_LABELS,
  trainingCalendar,
  trainingChannels,
  trainingContext,
  trainingLinks,
} from './training.labels';

/** The participant holds a seat. */
const facts = trainingRegistrationConfirmedSchema.pick(TRAINING_FACTS);

export const trainingRegistrationConfirmedNotification = defineNotification({
  topic: TOPICS.trainingRegistrationConfirmed,
  category: TRAINING_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: () => 'normal',
  channels: trainingChannels,
  links: (f, appBaseUrl) => trainingLinks(appBaseUrl, f.eventId),
  labels: TRAINING_LABELS,
  context: (f, locale) => trainingContext(f, locale),
  calendar: (f, locale, links) => trainingCalendar(f, locale, links),
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
