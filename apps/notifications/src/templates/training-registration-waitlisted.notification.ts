import { TOPICS, trainingRegistrationWaitlistedSchema } from '@ctip/contracts';
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

/** The event was full: the participant waits at a place on the waitlist. */
const facts = trainingRegistrationWaitlistedSchema.pick({ ...TRAINING_FACTS, position: true });

export const trainingRegistrationWaitlistedNotification = defineNotification({
  topic: TOPICS.trainingRegistrationWaitlisted,
  category: TRAINING_CATEGORY,
  facts,
  recipients: (data) => data.recipients.personIds,
  urgency: () => 'normal',
  channels: trainingChannels,
  links: (f, appBaseUrl) => trainingLinks(appBaseUrl, f.eventId),
  labels: TRAINING_LABELS,
  context: (f, locale) => ({ ...trainingContext(f, locale), position: String(f.position) }),
  calendar: (f, locale, links) => trainingCalendar(f, locale, links),
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
