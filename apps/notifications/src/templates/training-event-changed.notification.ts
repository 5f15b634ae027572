import { TOPICS, trainingEventChangedSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS, trainingWhen } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** The time, venue or agenda changed: what changed, and the old and new times when the time did. */
const facts = trainingEventChangedSchema.pick({ ...TRAINING_FACTS, changes: true, previous: true });

export const trainingEventChangedNotification = defineTrainingNotice({
  topic: TOPICS.trainingEventChanged,
  facts,
  context: (f, locale, event) => {
    const en = locale.language === 'en';
    const timeChanged = f.changes.includes('time') && f.previous;
    const lines = timeChanged
      ? [`${en ? 'Was' : 'Было'}: ${trainingWhen(locale, f.previous!)}`, `${en ? 'Now' : 'Стало'}: ${event.when}`]
      : [`${en ? 'When' : 'Когда'}: ${event.when}`];
    lines.push(`${en ? 'Where' : 'Где'}: ${event.where}`);
    if (f.changes.includes('agenda'))
      lines.push(en ? 'The agenda has changed: please read it again.' : 'Программа изменилась: ознакомьтесь с ней ещё раз.');
    return {
      changes: f.changes.map((change) => locale.labels.change[change]).join(', '),
      details: lines.join('\n'),
      shortChange: timeChanged
        ? en
          ? `now ${event.when}`
          : `теперь ${event.when}`
        : f.changes.map((c) => locale.labels.change[c]).join(', '),
    };
  },
  templates: {
    en: {
      subject: 'Changed ({{changes}}): {{title}}',
      body: `The {{kind}} "{{title}}" has changed: {{changes}}.

{{details}}

The attached calendar invitation updates the entry in your calendar. Details: {{link}}
`,
      short: 'Changed: {{shortTitle}}, {{shortChange}}. {{link}}',
    },
    ru: {
      subject: 'Изменения ({{changes}}): {{title}}',
      body: `В мероприятии «{{title}}» ({{kind}}) изменилось: {{changes}}.

{{details}}

Приложенное приглашение обновит запись в вашем календаре. Подробности: {{link}}
`,
      short: 'Изменения: «{{shortTitle}}», {{shortChange}}. {{link}}',
    },
  },
  sample: {
    ...SAMPLE_TRAINING_EVENT,
    version: 3,
    calendar: { ...SAMPLE_TRAINING_EVENT.calendar, sequence: 2, startsAt: '2010-10-02T05:00:00Z', endsAt: '2010-10-03T13:00:00Z' },
    changes: ['time', 'agenda'],
    previous: { startsAt: '2010-10-02T04:00:00Z', endsAt: '2010-10-03T12:00:00Z' },
    recipients: { personIds: ['p-1'] },
    at: '2010-09-20T08:00:00Z',
  },
});
