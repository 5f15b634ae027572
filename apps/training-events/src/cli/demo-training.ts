import { deterministicUuid } from '@ctip/persistence';
import { DateTime } from 'luxon';
import type { EventSession, TrainingAudience, TrainingEventDocument } from '../events/training-event.schema';
import type { ParticipantSnapshot } from '../participants/registration.schema';

/** A demo event as the seeder stores it: content and identity, no participants (the worked example invites them). */
export type DemoEvent = Omit<
  TrainingEventDocument,
  'revision' | 'seats' | 'nominationRequests' | 'nominations' | 'invitationIds' | 'outbox' | 'createdAt' | 'updatedAt'
>;

export const DEMO_CREATOR = 'demo-seed';
export const demoEventId = (slug: string): string => deterministicUuid('demo-training-event', slug);

/** The ids the README's worked example uses. */
export const DEMO_EVENT_IDS = {
  turkmenbashy: demoEventId('iom-turkmenbashy-2010'),
  vienna: demoEventId('odihr-vienna-field-staff-2000'),
  trainingOfTrainers: demoEventId('odihr-tot-focal-points-2003'),
  roundtable: demoEventId('odihr-roundtable-athens-2001'),
};

const at = (iso: string) => new Date(iso);
const session = (
  sessionId: string,
  startsAt: string,
  endsAt: string,
  en: string,
  ru: string,
  extra: Partial<EventSession> = {},
): EventSession => ({
  sessionId,
  startsAt: at(startsAt),
  endsAt: at(endsAt),
  title: { en, ru },
  trainerIds: [],
  ...extra,
});

const base = {
  online: false,
  interpretation: [] as { from: string; to: string }[],
  materials: [] as { title: string; url: string }[],
  state: 'scheduled' as const,
  version: 1,
  demo: true,
  createdBy: DEMO_CREATOR,
};

/** Seed 002: IOM's two-day training in Turkmenbashy for the twelve-member NGO network, 2–3 October 2010. */
function turkmenbashy(): DemoEvent {
  const trainer = { trainerIds: ['iom-tm-programme-officer'], room: 'Conference hall' };
  return {
    ...base,
    _id: DEMO_EVENT_IDS.turkmenbashy,
    kind: 'training',
    title: {
      en: 'Co-operation within the NGO network: identifying and assisting victims of trafficking',
      ru: 'Сотрудничество в сети НПО: выявление жертв торговли людьми и помощь им',
    },
    description: {
      en: 'IOM project “Combating Trafficking in Persons in Turkmenistan”, supported by the Ministry of Foreign Affairs of Norway.',
      ru: 'Проект МОМ «Противодействие торговле людьми в Туркменистане» при поддержке Министерства иностранных дел Норвегии.',
    },
    organisationId: 'iom-tm',
    venue: { city: 'Turkmenbashy', country: 'TM', timeZone: 'Asia/Ashgabat' },
    timeZone: 'Asia/Ashgabat',
    startsAt: at('2010-10-02T09:00:00+05:00'),
    endsAt: at('2010-10-03T17:00:00+05:00'),
    workingLanguages: ['ru', 'tk'],
    interpretation: [{ from: 'en', to: 'ru' }],
    sessions: [
      session(
        'd1-criteria',
        '2010-10-02T09:00:00+05:00',
        '2010-10-02T10:30:00+05:00',
        'Criteria to identify the status of victims of trafficking',
        'Критерии определения статуса жертвы торговли людьми',
        trainer,
      ),
      session(
        'd1-interviews',
        '2010-10-02T11:00:00+05:00',
        '2010-10-02T13:00:00+05:00',
        'Techniques of interviewing a victim of trafficking',
        'Методы проведения интервью с жертвой торговли людьми',
        trainer,
      ),
      session(
        'd1-role-plays',
        '2010-10-02T14:00:00+05:00',
        '2010-10-02T16:00:00+05:00',
        'Role plays: a screening interview with a potential victim',
        'Ролевые игры: скрининговое интервью с потенциальной жертвой',
        {
          ...trainer,
          workingGroup: 'Small groups',
        },
      ),
      session(
        'd1-kazakhstan',
        '2010-10-02T16:15:00+05:00',
        '2010-10-02T17:00:00+05:00',
        'Best practices of NGO–IOM co-operation in Kazakhstan',
        'Опыт сотрудничества НПО и МОМ в Казахстане',
        {
          speakers: ['Representative of IOM Kazakhstan'],
        },
      ),
      session(
        'd2-campaigns',
        '2010-10-03T09:00:00+05:00',
        '2010-10-03T11:00:00+05:00',
        'Results of the 2010 information campaigns in the five velayats',
        'Итоги информационных кампаний 2010 года в пяти велаятах',
      ),
      session(
        'd2-network',
        '2010-10-03T11:30:00+05:00',
        '2010-10-03T13:00:00+05:00',
        'The network’s database of human resources: psychologists, lawyers',
        'База данных человеческих ресурсов сети: психологи, юристы',
        trainer,
      ),
      session(
        'd2-criteria',
        '2010-10-03T14:00:00+05:00',
        '2010-10-03T16:00:00+05:00',
        'Membership criteria, principles and indicators of the network',
        'Критерии членства, принципы и индикаторы работы сети',
        trainer,
      ),
      session(
        'd2-feedback',
        '2010-10-03T16:00:00+05:00',
        '2010-10-03T17:00:00+05:00',
        'Participants’ feedback and closing',
        'Отзывы участников и закрытие',
        trainer,
      ),
    ],
    audiences: ['ngo-representatives'],
    capacity: 30,
  };
}

/** Seed 001: ODIHR's meeting with OSCE field staff in Vienna, 20 June 2000. */
function vienna(): DemoEvent {
  return {
    ...base,
    _id: DEMO_EVENT_IDS.vienna,
    kind: 'coordination-meeting',
    title: {
      en: 'Meeting of OSCE field staff on trafficking in human beings',
      ru: 'Встреча сотрудников полевых присутствий ОБСЕ по вопросам торговли людьми',
    },
    organisationId: 'odihr-atu',
    venue: { city: 'Vienna', country: 'AT', timeZone: 'Europe/Vienna' },
    timeZone: 'Europe/Vienna',
    startsAt: at('2000-06-20T09:30:00+02:00'),
    endsAt: at('2000-06-20T17:00:00+02:00'),
    workingLanguages: ['en'],
    sessions: [
      session(
        'introductions',
        '2000-06-20T09:30:00+02:00',
        '2000-06-20T10:30:00+02:00',
        'Introductions: involvement in anti-trafficking efforts',
        'Знакомство: участие в борьбе с торговлей людьми',
      ),
      session(
        'stability-pact',
        '2000-06-20T10:30:00+02:00',
        '2000-06-20T11:30:00+02:00',
        'The Stability Pact Task Force on Trafficking in Human Beings',
        'Целевая группа Пакта стабильности по борьбе с торговлей людьми',
        {
          speakers: ['Minister Helga Konrad'],
        },
      ),
      session(
        'urgent-cases',
        '2000-06-20T12:00:00+02:00',
        '2000-06-20T14:30:00+02:00',
        'Experiences and responses to urgent cases',
        'Опыт и реагирование на срочные случаи',
      ),
      session(
        'strategy',
        '2000-06-20T15:00:00+02:00',
        '2000-06-20T17:00:00+02:00',
        'Needs of field staff and a strategy for the CiO and the CPC',
        'Потребности сотрудников на местах и стратегия для ДП и ЦПК',
      ),
    ],
    audiences: ['osce-field-staff'],
    capacity: 20,
  };
}

/** The field presences (the demo directory's), with the city and time zone of a downstream training. */
const MISSIONS: [country: string, city: string, timeZone: string, language: string][] = [
  ['AL', 'Tirana', 'Europe/Tirane', 'en'],
  ['BA', 'Sarajevo', 'Europe/Sarajevo', 'en'],
  ['HR', 'Zagreb', 'Europe/Zagreb', 'en'],
  ['GE', 'Tbilisi', 'Asia/Tbilisi', 'ru'],
  ['KZ', 'Almaty', 'Asia/Almaty', 'ru'],
  ['XK', 'Pristina', 'Europe/Belgrade', 'en'],
  ['MD', 'Chisinau', 'Europe/Chisinau', 'ru'],
  ['ME', 'Podgorica', 'Europe/Podgorica', 'en'],
  ['TM', 'Ashgabat', 'Asia/Ashgabat', 'ru'],
  ['AM', 'Yerevan', 'Asia/Yerevan', 'ru'],
  ['AZ', 'Baku', 'Asia/Baku', 'ru'],
];
const DOWNSTREAM_AUDIENCES: TrainingAudience[] = ['law-enforcement', 'border-guards', 'prosecutors'];

/** A training of trainers for every focal point, and one downstream training per mission given by its focal point. */
function cascade(): DemoEvent[] {
  const tot: DemoEvent = {
    ...base,
    _id: DEMO_EVENT_IDS.trainingOfTrainers,
    kind: 'training-of-trainers',
    title: {
      en: 'Training of trainers for anti-trafficking focal points',
      ru: 'Тренинг для тренеров — координаторов по борьбе с торговлей людьми',
    },
    organisationId: 'odihr-atu',
    venue: { city: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' },
    timeZone: 'Europe/Warsaw',
    startsAt: at('2003-03-10T09:00:00+01:00'),
    endsAt: at('2003-03-12T17:00:00+01:00'),
    workingLanguages: ['en', 'ru'],
    interpretation: [{ from: 'en', to: 'ru' }],
    sessions: [
      session(
        'identification',
        '2003-03-10T09:00:00+01:00',
        '2003-03-10T17:00:00+01:00',
        'Identification and National Referral Mechanisms',
        'Выявление и национальные механизмы перенаправления',
      ),
      session(
        'adult-learning',
        '2003-03-11T09:00:00+01:00',
        '2003-03-11T17:00:00+01:00',
        'Adult learning and training design',
        'Обучение взрослых и разработка тренингов',
      ),
      session(
        'practice',
        '2003-03-12T09:00:00+01:00',
        '2003-03-12T17:00:00+01:00',
        'Practice sessions: each trainer delivers a module',
        'Практика: каждый тренер проводит модуль',
        { workingGroup: 'Trainer pairs' },
      ),
    ],
    audiences: ['osce-field-staff'],
    capacity: 25,
  };
  const downstream = MISSIONS.map(([country, city, timeZone, language], i): DemoEvent => {
    const cc = country.toLowerCase();
    const day = String(5 + i).padStart(2, '0');
    const startsAt = DateTime.fromISO(`2003-05-${day}T09:00:00`, { zone: timeZone }).toJSDate();
    const endsAt = DateTime.fromISO(`2003-05-${day}T16:00:00`, { zone: timeZone }).toJSDate();
    return {
      ...base,
      _id: demoEventId(`mission-training-${cc}-2003`),
      kind: 'training',
      title: {
        en: `Identification and referral of trafficked persons (${city})`,
        ru: `Выявление и перенаправление жертв торговли людьми (${city})`,
      },
      organisationId: `osce-presence-${cc}`,
      venue: { city, country, timeZone },
      timeZone,
      startsAt,
      endsAt,
      workingLanguages: [language],
      sessions: [
        {
          sessionId: 'module-1',
          startsAt,
          endsAt,
          title: { en: 'Identifying and referring victims of trafficking', ru: 'Выявление и перенаправление жертв торговли людьми' },
          trainerIds: [`fp-${cc}-primary`],
        },
      ],
      audiences: DOWNSTREAM_AUDIENCES,
      capacity: 20,
      cascadeFromEventId: tot._id,
    };
  });
  return [tot, ...downstream];
}

/** Seed 000: a roundtable in a destination country for embassies of countries of origin, NGOs and officials. */
function roundtable(): DemoEvent {
  return {
    ...base,
    _id: DEMO_EVENT_IDS.roundtable,
    kind: 'roundtable',
    title: {
      en: 'Roundtable: embassies of countries of origin, NGOs and officials on assistance to victims',
      ru: 'Круглый стол: посольства стран происхождения, НПО и официальные лица о помощи жертвам',
    },
    organisationId: 'odihr-atu',
    venue: { city: 'Athens', country: 'GR', timeZone: 'Europe/Athens' },
    timeZone: 'Europe/Athens',
    startsAt: at('2001-11-15T10:00:00+02:00'),
    endsAt: at('2001-11-15T17:00:00+02:00'),
    workingLanguages: ['en', 'ru'],
    interpretation: [{ from: 'en', to: 'ru' }],
    sessions: [],
    audiences: ['ngo-representatives', 'immigration-officers', 'law-enforcement'],
    capacity: 40,
  };
}

/** Every demo event, marked demo. */
export function demoTrainingEvents(): DemoEvent[] {
  return [turkmenbashy(), vienna(), ...cascade(), roundtable()];
}

/** Someone who held a seat at a demo event and was present at every session. */
export interface DemoAttendee {
  participantId: string;
  participant: ParticipantSnapshot;
}

/**
 * The focal points trained at the training of trainers (seat and full attendance), so that each mission's
 * training cascades from a trainer trained there — as an organiser's PUT of it checks.
 */
export function demoAttendees(): Map<string, DemoAttendee[]> {
  const focalPoints = MISSIONS.map(([country, , timeZone, language]) => ({
    participantId: `fp-${country.toLowerCase()}-primary`,
    participant: { language, timeZone, country, audiences: ['osce-field-staff'] as TrainingAudience[] },
  }));
  return new Map([[DEMO_EVENT_IDS.trainingOfTrainers, focalPoints]]);
}
