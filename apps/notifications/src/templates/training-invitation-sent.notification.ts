import { TOPICS, trainingInvitationSentSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** An invitation to an event, with when and where, and by when to answer. */
const facts = trainingInvitationSentSchema.pick({ ...TRAINING_FACTS, registrationDeadline: true });

export const trainingInvitationSentNotification = defineTrainingNotice({
  topic: TOPICS.trainingInvitationSent,
  facts,
  context: (f, locale) => {
    const en = locale.language === 'en';
    const deadline = f.registrationDeadline ? locale.dateTime(f.registrationDeadline) : undefined;
    return {
      answerBy: deadline
        ? en
          ? `Please answer by ${deadline}.`
          : `Пожалуйста, ответьте до ${deadline}.`
        : en
          ? 'Please answer before the start.'
          : 'Пожалуйста, ответьте до начала мероприятия.',
    };
  },
  templates: {
    en: {
      subject: 'Invitation: {{title}}',
      body: `You are invited to the {{kind}} "{{title}}".

When: {{when}}
Where: {{where}}

{{answerBy}} Accept or decline the invitation: {{link}}
`,
      short: 'Invitation: {{shortTitle}}, {{when}}. {{link}}',
    },
    ru: {
      subject: 'Приглашение: {{title}}',
      body: `Вы приглашены на мероприятие «{{title}}» ({{kind}}).

Когда: {{when}}
Где: {{where}}

{{answerBy}} Принять или отклонить приглашение: {{link}}
`,
      short: 'Приглашение: «{{shortTitle}}», {{when}}. {{link}}',
    },
  },
  sample: {
    ...SAMPLE_TRAINING_EVENT,
    registrationDeadline: '2010-09-25T15:00:00Z',
    invitationId: 'inv-1',
    recipients: { personIds: ['p-1'] },
    at: '2010-09-01T08:00:00Z',
  },
});
