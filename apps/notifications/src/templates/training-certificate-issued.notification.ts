import { TOPICS, trainingCertificateIssuedSchema } from '@ctip/contracts';
import { SAMPLE_TRAINING_EVENT, TRAINING_FACTS } from './training.labels';
import { defineTrainingNotice } from './training-notice';

/** A certificate of attendance is ready (behind sign-in), with its public verification code. */
const facts = trainingCertificateIssuedSchema.pick({ ...TRAINING_FACTS, certificateId: true, verificationCode: true });

export const trainingCertificateIssuedNotification = defineTrainingNotice({
  topic: TOPICS.trainingCertificateIssued,
  facts,
  links: (f, appBaseUrl) => ({
    link: `${appBaseUrl}/training/certificates/${encodeURIComponent(f.certificateId)}`,
    verifyLink: `${appBaseUrl}/training/certificate-verifications/${encodeURIComponent(f.verificationCode)}`,
  }),
  context: (f) => ({ verificationCode: f.verificationCode }),
  templates: {
    en: {
      subject: 'Your certificate of attendance: {{title}}',
      body: `Your certificate of attendance for the {{kind}} "{{title}}" ({{when}}) is ready.

Download it (PDF): {{link}}

Verification code: {{verificationCode}}
Anyone can check the certificate with this code: {{verifyLink}}
`,
      short: 'Certificate ready for {{shortTitle}}, code {{verificationCode}}: {{link}}',
    },
    ru: {
      subject: 'Ваш сертификат участника: {{title}}',
      body: `Ваш сертификат об участии в мероприятии «{{title}}» ({{kind}}, {{when}}) готов.

Скачать (PDF): {{link}}

Код проверки: {{verificationCode}}
Подлинность сертификата может проверить любой по этому коду: {{verifyLink}}
`,
      short: 'Сертификат участника мероприятия «{{shortTitle}}» готов, код {{verificationCode}}: {{link}}',
    },
  },
  sample: {
    ...SAMPLE_TRAINING_EVENT,
    certificateId: 'cert-1',
    verificationCode: 'K7Q2-M9XD-4TZP',
    recipients: { personIds: ['p-1'] },
    at: '2010-10-10T08:00:00Z',
  },
});
