import type { z } from 'zod';
import type { createOrganisationSchema } from '../organisations/organisation.dto';
import type { createPersonSchema } from '../people/person.dto';
import type { putRosterSchema } from '../rosters/roster.dto';

/**
 * Demo data: the field presences named in the seed documents (shared/seeds 001 and DOMAIN.md), the
 * ODIHR Anti-Trafficking Unit, IOM Turkmenistan with its hotline and the 12-member NGO network in the
 * five velayats (seed 002), and a few partners elsewhere. Everyone is fictitious: names say what the
 * person does, emails are under demo.example.org, phone numbers use the unassigned +999 country code.
 */
export type OrganisationSeed = z.input<typeof createOrganisationSchema>;
export type PersonSeed = z.input<typeof createPersonSchema>;
export type RosterSeed = z.input<typeof putRosterSchema> & { presenceId: string };

const DEMO = '[DEMO] ';
export const DEMO_WEBHOOK_BASE = 'https://hooks.demo.example.org';

interface PresenceSeed {
  country: string;
  countryName: string;
  name: string;
  timeZone: string;
  languages: string[];
}

const PRESENCES: PresenceSeed[] = [
  { country: 'AL', countryName: 'Albania', name: 'OSCE Presence in Albania', timeZone: 'Europe/Tirane', languages: ['en', 'sq'] },
  {
    country: 'BA',
    countryName: 'Bosnia and Herzegovina',
    name: 'OSCE Mission to Bosnia and Herzegovina',
    timeZone: 'Europe/Sarajevo',
    languages: ['en', 'bs'],
  },
  { country: 'HR', countryName: 'Croatia', name: 'OSCE Mission to Croatia', timeZone: 'Europe/Zagreb', languages: ['en', 'hr'] },
  { country: 'GE', countryName: 'Georgia', name: 'OSCE Mission to Georgia', timeZone: 'Asia/Tbilisi', languages: ['en', 'ru', 'ka'] },
  { country: 'KZ', countryName: 'Kazakhstan', name: 'OSCE Centre in Almaty', timeZone: 'Asia/Almaty', languages: ['en', 'ru', 'kk'] },
  { country: 'XK', countryName: 'Kosovo', name: 'OSCE Mission in Kosovo', timeZone: 'Europe/Belgrade', languages: ['en', 'sq', 'sr'] },
  { country: 'MD', countryName: 'Moldova', name: 'OSCE Mission to Moldova', timeZone: 'Europe/Chisinau', languages: ['en', 'ru', 'ro'] },
  { country: 'ME', countryName: 'Montenegro', name: 'ODIHR Office in Montenegro', timeZone: 'Europe/Podgorica', languages: ['en', 'sr'] },
  { country: 'TM', countryName: 'Turkmenistan', name: 'OSCE Centre in Ashgabat', timeZone: 'Asia/Ashgabat', languages: ['en', 'ru', 'tk'] },
  { country: 'AM', countryName: 'Armenia', name: 'OSCE Office in Yerevan', timeZone: 'Asia/Yerevan', languages: ['en', 'ru', 'hy'] },
  { country: 'AZ', countryName: 'Azerbaijan', name: 'OSCE Office in Baku', timeZone: 'Asia/Baku', languages: ['en', 'ru', 'az'] },
];

export const presenceIdOf = (country: string): string => `osce-presence-${country.toLowerCase()}`;

/** `+999` is not assigned to any country: these numbers reach no one. */
const demoPhone = (group: number, index: number): string => `+99900${String(group).padStart(3, '0')}${String(index).padStart(2, '0')}`;

function staff(
  personId: string,
  organisationId: string,
  displayName: string,
  roles: string[],
  where: { languages: string[]; timeZone: string },
  phone: string,
  webhook?: string,
  audiences?: PersonSeed['audiences'],
): PersonSeed {
  const contactPoints: PersonSeed['contactPoints'] = [
    { contactPointId: 'email', channel: 'email', address: `${personId}@demo.example.org`, priority: 0 },
    { contactPointId: 'sms', channel: 'sms', address: phone, priority: 1 },
  ];
  if (webhook) contactPoints.push({ contactPointId: 'webhook', channel: 'webhook', address: webhook, priority: 2 });
  return {
    personId,
    organisationId,
    displayName: DEMO + displayName,
    roles,
    ...(audiences ? { audiences } : {}),
    ...where,
    contactPoints,
    demo: true,
  };
}

/** OSCE field staff: invited to the field-staff meetings and the trainings of trainers (training-events). */
const FIELD_STAFF: PersonSeed['audiences'] = ['osce-field-staff'];

function presenceSeeds(): { organisations: OrganisationSeed[]; people: PersonSeed[]; rosters: RosterSeed[] } {
  const organisations: OrganisationSeed[] = [];
  const people: PersonSeed[] = [];
  const rosters: RosterSeed[] = [];
  PRESENCES.forEach((p, i) => {
    const id = presenceIdOf(p.country);
    const cc = p.country.toLowerCase();
    const where = { languages: p.languages, timeZone: p.timeZone };
    organisations.push({ organisationId: id, kind: 'field-presence', name: DEMO + p.name, country: p.country, ...where, demo: true });
    const group = 100 + i;
    people.push(
      staff(
        `fp-${cc}-primary`,
        id,
        `Primary focal point, ${p.countryName}`,
        ['focal-point'],
        where,
        demoPhone(group, 1),
        undefined,
        FIELD_STAFF,
      ),
      staff(
        `fp-${cc}-backup-1`,
        id,
        `Backup focal point 1, ${p.countryName}`,
        ['focal-point'],
        where,
        demoPhone(group, 2),
        undefined,
        FIELD_STAFF,
      ),
      staff(
        `fp-${cc}-backup-2`,
        id,
        `Backup focal point 2, ${p.countryName}`,
        ['focal-point'],
        where,
        demoPhone(group, 3),
        undefined,
        FIELD_STAFF,
      ),
      staff(`hom-${cc}`, id, `Head of mission, ${p.countryName}`, ['head-of-mission'], where, demoPhone(group, 4), undefined, FIELD_STAFF),
    );
    rosters.push({
      presenceId: id,
      primaryFocalPointId: `fp-${cc}-primary`,
      backupIds: [`fp-${cc}-backup-1`, `fp-${cc}-backup-2`],
      headOfMissionId: `hom-${cc}`,
      absences: [],
    });
  });
  return { organisations, people, rosters };
}

function coordinationUnitSeeds(hooks: string): { organisations: OrganisationSeed[]; people: PersonSeed[] } {
  const where = { languages: ['en', 'ru', 'pl'], timeZone: 'Europe/Warsaw' };
  const unit: OrganisationSeed = {
    organisationId: 'odihr-atu',
    kind: 'coordination-unit',
    name: `${DEMO}ODIHR Anti-Trafficking Unit`,
    country: 'PL',
    countriesCovered: ['PL', ...PRESENCES.map((p) => p.country)],
    regions: ['Warsaw'],
    ...where,
    demo: true,
  };
  const people = [1, 2].map((n) =>
    staff(
      `odihr-atu-coordinator-${n}`,
      'odihr-atu',
      `Anti-trafficking coordinator ${n}, ODIHR`,
      ['coordinator'],
      where,
      demoPhone(200, n),
      `${hooks}/odihr-atu/coordinator-${n}`,
    ),
  );
  return { organisations: [unit], people };
}

/** Field presences with a second fund contact (the ones submitting most proposals). */
const TWO_FUND_CONTACTS = new Set(['AL', 'KZ', 'MD', 'TM']);
/** Field presences where a fund contact reads Russian first, so the Fund's notices reach them in Russian. */
const RUSSIAN_FIRST = new Set(['KZ', 'TM']);
/** Field presences with a staff member on the Fund's reviewer pool: reviewing their own presence's proposal recuses them. */
const FIELD_REVIEWERS = ['AL', 'KZ'];

export const FUND_ORGANISATION_ID = 'odihr-atpf';

/**
 * The Anti-Trafficking Project Fund's people: ODIHR fund officers, committee members and the head of
 * unit in Warsaw, reviewers (two at ODIHR, two at field presences, so recusal shows), and one or two
 * fund contacts per field presence, who receive the Fund's notices in their language. The ODIHR fund
 * staff have an organisation of their own: case routing alerts every person of the coordination unit
 * for a critical case, and fund roles see nothing of cases.
 */
function fundSeeds(): { organisations: OrganisationSeed[]; people: PersonSeed[] } {
  const warsaw = { languages: ['en', 'ru', 'pl'], timeZone: 'Europe/Warsaw' };
  const fund: OrganisationSeed = {
    organisationId: FUND_ORGANISATION_ID,
    kind: 'partner',
    partnerType: 'international-organisation',
    name: `${DEMO}ODIHR Anti-Trafficking Project Fund`,
    country: 'PL',
    regions: ['Warsaw'],
    ...warsaw,
    demo: true,
  };
  const unit = (id: string, title: string, role: string, index: number) =>
    staff(`odihr-${id}`, FUND_ORGANISATION_ID, `${title}, ODIHR`, [role], warsaw, demoPhone(200, index));
  const people: PersonSeed[] = [
    unit('fund-officer-1', 'Fund officer 1', 'fund-officer', 3),
    unit('fund-officer-2', 'Fund officer 2', 'fund-officer', 4),
    unit('fund-committee-1', 'Fund committee member 1', 'fund-committee', 5),
    unit('fund-committee-2', 'Fund committee member 2', 'fund-committee', 6),
    unit('fund-committee-3', 'Fund committee member 3', 'fund-committee', 7),
    unit('head-of-unit', 'Head of the Anti-Trafficking Unit', 'head-of-unit', 8),
    unit('fund-reviewer-1', 'Fund reviewer 1', 'fund-reviewer', 9),
    unit('fund-reviewer-2', 'Fund reviewer 2', 'fund-reviewer', 10),
  ];
  PRESENCES.forEach((p, i) => {
    const cc = p.country.toLowerCase();
    const id = presenceIdOf(p.country);
    const languages = RUSSIAN_FIRST.has(p.country) ? ['ru', ...p.languages.filter((l) => l !== 'ru')] : p.languages;
    const contacts = TWO_FUND_CONTACTS.has(p.country) ? [1, 2] : [1];
    for (const n of contacts) {
      people.push(
        staff(
          `fund-contact-${cc}-${n}`,
          id,
          `Fund contact ${n}, ${p.countryName}`,
          ['fund-contact'],
          { languages, timeZone: p.timeZone },
          demoPhone(100 + i, 4 + n),
        ),
      );
    }
    if (FIELD_REVIEWERS.includes(p.country)) {
      people.push(
        staff(
          `fund-reviewer-${cc}`,
          id,
          `Fund reviewer, ${p.countryName}`,
          ['fund-reviewer'],
          { languages, timeZone: p.timeZone },
          demoPhone(100 + i, 7),
        ),
      );
    }
  });
  return { organisations: [fund], people };
}

const VELAYATS: [string, number][] = [
  ['Ahal', 3],
  ['Balkan', 2],
  ['Dashoguz', 2],
  ['Lebap', 2],
  ['Mary', 3],
];

function partnerSeeds(hooks: string): { organisations: OrganisationSeed[]; people: PersonSeed[] } {
  const tm = { languages: ['ru', 'tk', 'en'], timeZone: 'Asia/Ashgabat' };
  const regions = VELAYATS.map(([velayat]) => velayat);
  const organisations: OrganisationSeed[] = [
    {
      organisationId: 'iom-tm',
      kind: 'partner',
      partnerType: 'international-organisation',
      name: `${DEMO}IOM Turkmenistan`,
      country: 'TM',
      regions,
      services: ['voluntary-repatriation', 'reintegration', 'psychological'],
      ...tm,
      demo: true,
    },
    {
      organisationId: 'iom-tm-hotline',
      kind: 'partner',
      partnerType: 'hotline',
      name: `${DEMO}IOM migration and trafficking hotline, Turkmenistan`,
      country: 'TM',
      regions,
      ...tm,
      demo: true,
    },
  ];
  const people: PersonSeed[] = [
    staff(
      'iom-tm-programme-officer',
      'iom-tm',
      'Counter-trafficking programme officer, IOM Turkmenistan',
      ['partner-contact'],
      tm,
      demoPhone(300, 1),
    ),
    staff(
      'iom-tm-hotline-operator',
      'iom-tm-hotline',
      'Hotline operator, IOM Turkmenistan',
      ['hotline-operator'],
      tm,
      demoPhone(300, 2),
      `${hooks}/iom-tm-hotline`,
    ),
  ];

  let member = 0;
  for (const [velayat, count] of VELAYATS) {
    for (let n = 1; n <= count; n += 1) {
      member += 1;
      const id = `tm-ngo-${velayat.toLowerCase()}-${n}`;
      const [role, title] = member % 2 === 1 ? ['psychologist', 'Psychologist'] : ['lawyer', 'Lawyer'];
      organisations.push({
        organisationId: id,
        kind: 'partner',
        partnerType: 'ngo',
        name: `${DEMO}NGO network member ${n}, ${velayat} velayat`,
        country: 'TM',
        regions: [velayat],
        services: ['psychological', 'legal-aid'],
        ...tm,
        demo: true,
      });
      people.push(
        staff(`${id}-${role}`, id, `${title}, NGO network member ${n}, ${velayat}`, [role], tm, demoPhone(310, member)),
        // Seed 002: the network's representatives, invited to IOM's training in Turkmenbashy (Russian first, then Turkmen).
        staff(
          `${id}-representative`,
          id,
          `Representative, NGO network member ${n}, ${velayat}`,
          ['ngo-representative'],
          { languages: ['ru', 'tk'], timeZone: 'Asia/Ashgabat' },
          demoPhone(340, member),
          undefined,
          ['ngo-representatives'],
        ),
      );
    }
  }

  const md = { languages: ['ro', 'ru', 'en'], timeZone: 'Europe/Chisinau' };
  const al = { languages: ['sq', 'en'], timeZone: 'Europe/Tirane' };
  organisations.push(
    {
      organisationId: 'md-shelter',
      kind: 'partner',
      partnerType: 'shelter',
      name: `${DEMO}Shelter for trafficked persons, Chisinau`,
      country: 'MD',
      regions: ['Chisinau'],
      services: ['shelter', 'medical'],
      ...md,
      demo: true,
    },
    {
      organisationId: 'al-legal-aid',
      kind: 'partner',
      partnerType: 'ngo',
      name: `${DEMO}Legal aid NGO, Tirana`,
      country: 'AL',
      regions: ['Tirana'],
      services: ['legal-aid'],
      ...al,
      demo: true,
    },
  );
  people.push(
    staff('md-shelter-duty-manager', 'md-shelter', 'Duty manager, shelter in Chisinau', ['shelter-manager'], md, demoPhone(320, 1)),
    staff('al-legal-aid-lawyer', 'al-legal-aid', 'Lawyer, legal aid NGO in Tirana', ['lawyer'], al, demoPhone(330, 1)),
  );
  return { organisations, people };
}

/**
 * The demo directory. Webhook contact points go to `webhookBase` (default: a demo host that answers
 * nobody); a local run can point them at a receiver of its own, e.g. http://127.0.0.1:8099.
 */
export function demoDirectory(webhookBase: string = DEMO_WEBHOOK_BASE): {
  organisations: OrganisationSeed[];
  people: PersonSeed[];
  rosters: RosterSeed[];
} {
  const hooks = webhookBase.replace(/\/+$/, '');
  const presences = presenceSeeds();
  const unit = coordinationUnitSeeds(hooks);
  const partners = partnerSeeds(hooks);
  const fund = fundSeeds();
  return {
    organisations: [...presences.organisations, ...unit.organisations, ...partners.organisations, ...fund.organisations],
    people: [...presences.people, ...unit.people, ...partners.people, ...fund.people],
    rosters: presences.rosters,
  };
}
