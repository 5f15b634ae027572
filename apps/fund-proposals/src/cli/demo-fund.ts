import type { FUND_ACTIVITY_TYPES } from '@ctip/contracts';
import { proposalIdFor } from '../proposals/proposal-id';
import type { ProposalContent } from '../proposals/proposal.schema';
import type { PublicProjectDocument } from '../public/public-project.schema';

type Activity = (typeof FUND_ACTIVITY_TYPES)[number];

const DEMO = '[DEMO] ';

/**
 * Implementing partners of the demo projects. Field presences and the two partners that are also in the
 * demo directory keep their directory ids, so the directory's name replaces the one here once the
 * service's read model has it; the others are invented and exist only here. All fictitious.
 */
const PARTNERS: Record<string, string> = {
  'osce-presence-al': 'OSCE Presence in Albania',
  'osce-presence-ba': 'OSCE Mission to Bosnia and Herzegovina',
  'osce-presence-hr': 'OSCE Mission to Croatia',
  'osce-presence-md': 'OSCE Mission to Moldova',
  'osce-presence-ge': 'OSCE Mission to Georgia',
  'osce-presence-kz': 'OSCE Centre in Almaty',
  'osce-presence-am': 'OSCE Office in Yerevan',
  'osce-presence-az': 'OSCE Office in Baku',
  'al-legal-aid': 'Legal aid NGO, Tirana',
  'md-shelter': 'Shelter for trafficked persons, Chisinau',
  'demo-al-child-rights': 'Child rights NGO, Tirana',
  'demo-ba-women-ngo': 'Women’s NGO, Sarajevo',
  'demo-hr-hotline': 'SOS hotline association, Zagreb',
  'demo-mk-mission': 'OSCE Spillover Monitor Mission to Skopje',
  'demo-mk-ngo': 'Anti-trafficking NGO, Skopje',
  'demo-rs-mission': 'OSCE Mission to Serbia and Montenegro',
  'demo-rs-victims-ngo': 'Victim support NGO, Belgrade',
  'demo-md-ngo': 'Women’s rights NGO, Chisinau',
  'demo-ua-coordinator': 'OSCE Project Co-ordinator in Ukraine',
  'demo-ua-ngo': 'Prevention NGO, Kyiv',
  'demo-ro-ngo': 'Anti-trafficking NGO, Bucharest',
  'demo-ge-ngo': 'Young lawyers’ association, Tbilisi',
  'demo-am-ngo': 'Migrants’ support NGO, Yerevan',
  'demo-az-ngo': 'Human rights NGO, Baku',
  'demo-kz-ngo': 'Crisis centre, Almaty',
  'demo-kg-centre': 'OSCE Centre in Bishkek',
  'demo-kg-ngo': 'Migration research NGO, Bishkek',
  'demo-research-institute': 'Regional research institute (Central Asia)',
};

/** [countries, title, activity types, amount in EUR, approved on, months, partner ids] */
type Row = [string[], string, Activity[], number, string, number, string[]];

const ROWS: Row[] = [
  [
    ['AL'],
    'Assessment of trafficking in children from Roma and Egyptian communities',
    ['research', 'publication'],
    28_000,
    '2001-07-16',
    9,
    ['osce-presence-al', 'demo-al-child-rights'],
  ],
  [
    ['AL'],
    'Legal assistance to victims of trafficking in Tirana and Vlora',
    ['direct-assistance'],
    34_500,
    '2002-02-11',
    12,
    ['osce-presence-al', 'al-legal-aid'],
  ],
  [
    ['AL'],
    'Review of the draft law on witness protection',
    ['legislative-review', 'witness-protection'],
    12_000,
    '2002-10-07',
    6,
    ['osce-presence-al', 'al-legal-aid'],
  ],
  [
    ['BA'],
    'Shelter-based direct assistance and medical care for trafficked women',
    ['direct-assistance'],
    45_000,
    '2001-09-03',
    12,
    ['osce-presence-ba', 'demo-ba-women-ngo'],
  ],
  [['BA'], 'Training for border police on identifying trafficked persons', ['training'], 22_000, '2002-05-13', 6, ['osce-presence-ba']],
  [['BA'], 'Awareness raising in secondary schools', ['awareness-raising'], 15_500, '2003-03-10', 8, ['demo-ba-women-ngo']],
  [['HR'], 'National SOS hotline for trafficking victims', ['hotline'], 26_000, '2001-11-12', 12, ['osce-presence-hr', 'demo-hr-hotline']],
  [
    ['HR'],
    'Legislative review of the criminal code provisions on trafficking',
    ['legislative-review'],
    9_800,
    '2002-09-02',
    5,
    ['osce-presence-hr'],
  ],
  [
    ['MK'],
    'Transit shelter support and voluntary return assistance',
    ['direct-assistance'],
    38_000,
    '2001-08-20',
    10,
    ['demo-mk-mission', 'demo-mk-ngo'],
  ],
  [['MK'], 'Training for judges and prosecutors on trafficking cases', ['training'], 19_000, '2002-11-18', 6, ['demo-mk-mission']],
  [
    ['RS'],
    'Witness protection support for trafficking trials',
    ['witness-protection'],
    31_000,
    '2002-03-18',
    12,
    ['demo-rs-mission', 'demo-rs-victims-ngo'],
  ],
  [
    ['RS'],
    'Hotline and referral service for victims, Belgrade',
    ['hotline', 'direct-assistance'],
    24_000,
    '2003-01-20',
    12,
    ['demo-rs-victims-ngo'],
  ],
  [
    ['MD'],
    'Information campaign on safe migration in rural districts',
    ['awareness-raising'],
    27_500,
    '2001-10-08',
    9,
    ['osce-presence-md', 'demo-md-ngo'],
  ],
  [
    ['MD'],
    'Rehabilitation and reintegration of returned victims',
    ['direct-assistance'],
    52_000,
    '2002-06-17',
    12,
    ['osce-presence-md', 'md-shelter'],
  ],
  [['MD'], 'Review of the draft anti-trafficking law', ['legislative-review'], 11_000, '2003-02-03', 4, ['osce-presence-md']],
  [
    ['UA'],
    'Trafficking prevention training for social workers',
    ['training', 'awareness-raising'],
    29_000,
    '2001-12-10',
    10,
    ['demo-ua-coordinator', 'demo-ua-ngo'],
  ],
  [
    ['UA'],
    'Regional hotline network for trafficking prevention',
    ['hotline'],
    33_000,
    '2002-08-12',
    12,
    ['demo-ua-coordinator', 'demo-ua-ngo'],
  ],
  [['RO'], 'Direct assistance to repatriated victims of trafficking', ['direct-assistance'], 25_000, '2002-04-15', 9, ['demo-ro-ngo']],
  [['RO'], 'Awareness raising among young people in border counties', ['awareness-raising'], 14_000, '2003-05-12', 6, ['demo-ro-ngo']],
  [
    ['GE'],
    'Legislative review and recommendations on trafficking',
    ['legislative-review'],
    13_500,
    '2001-07-30',
    6,
    ['osce-presence-ge', 'demo-ge-ngo'],
  ],
  [
    ['GE'],
    'Legal counselling for victims and families of migrants',
    ['direct-assistance'],
    21_000,
    '2002-07-22',
    12,
    ['osce-presence-ge', 'demo-ge-ngo'],
  ],
  [['GE'], 'Training for law enforcement on victim-centred investigation', ['training'], 18_500, '2003-04-14', 6, ['osce-presence-ge']],
  [
    ['AM'],
    'Research on trafficking from Armenia to the Gulf states',
    ['research', 'publication'],
    16_000,
    '2002-01-14',
    8,
    ['osce-presence-am', 'demo-am-ngo'],
  ],
  [
    ['AM'],
    'Hotline and awareness campaign, Yerevan',
    ['hotline', 'awareness-raising'],
    23_500,
    '2002-12-09',
    12,
    ['osce-presence-am', 'demo-am-ngo'],
  ],
  [['AZ'], 'Review of national legislation against trafficking', ['legislative-review'], 10_500, '2002-05-27', 5, ['osce-presence-az']],
  [
    ['AZ'],
    'Awareness raising among internally displaced communities',
    ['awareness-raising'],
    17_000,
    '2003-06-02',
    8,
    ['osce-presence-az', 'demo-az-ngo'],
  ],
  [
    ['KZ'],
    'Crisis centre support for trafficked women, Almaty',
    ['direct-assistance'],
    36_000,
    '2001-09-24',
    12,
    ['osce-presence-kz', 'demo-kz-ngo'],
  ],
  [['KZ'], 'Training for migration police and prosecutors', ['training'], 20_000, '2002-10-21', 6, ['osce-presence-kz']],
  [
    ['KG'],
    'Information campaign on labour migration risks',
    ['awareness-raising'],
    18_000,
    '2002-02-25',
    9,
    ['demo-kg-centre', 'demo-kg-ngo'],
  ],
  [
    ['KG'],
    'Legislative review of the law on prevention of trafficking',
    ['legislative-review'],
    9_500,
    '2003-03-24',
    4,
    ['demo-kg-centre'],
  ],
  [
    ['KZ', 'KG'],
    'Research on trafficking in human beings in Central Asia',
    ['research', 'publication'],
    42_000,
    '2001-11-26',
    12,
    ['demo-research-institute', 'osce-presence-kz', 'demo-kg-centre'],
  ],
  [
    ['AL', 'BA', 'HR', 'MK', 'RS'],
    'Handbook for the design and implementation of National Referral Mechanisms',
    ['publication', 'training'],
    58_000,
    '2002-09-16',
    12,
    ['osce-presence-al', 'osce-presence-ba', 'demo-rs-mission'],
  ],
  [
    ['MD', 'UA', 'RO'],
    'Regional training materials for law enforcement',
    ['training', 'publication'],
    39_000,
    '2003-01-13',
    10,
    ['osce-presence-md', 'demo-ua-coordinator'],
  ],
  [
    ['GE', 'AM', 'AZ'],
    'South Caucasus regional NGO networking meeting',
    ['other'],
    16_500,
    '2003-05-26',
    3,
    ['osce-presence-ge', 'osce-presence-am', 'osce-presence-az'],
  ],
];

const addMonths = (iso: string, months: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

/**
 * Seed 003: "From mid-2001 to mid-2003, the Fund has supported over 30 anti-trafficking projects in 13 OSCE
 * countries, as well as a number of regional activities." Invented titles in the Fund's activity types,
 * the outline's own examples among them; every record marked demo.
 */
export function demoSupportedProjects(): PublicProjectDocument[] {
  return ROWS.map(([countries, title, activityTypes, euros, approvedOn, months, partners], i) => {
    const seq = String(i + 1).padStart(4, '0');
    const start = addMonths(approvedOn, 1).slice(0, 8) + '01';
    return {
      _id: `demo-project-${seq}`,
      reference: `ATPF-${approvedOn.slice(0, 4)}-9${seq.slice(1)}`,
      title: DEMO + title,
      countries,
      implementingPartners: partners.map((organisationId) => ({ organisationId, name: DEMO + PARTNERS[organisationId] })),
      activityTypes,
      amount: { amount: euros * 100, currency: 'EUR' },
      periodStart: start,
      periodEnd: addMonths(start, months),
      status: 'completed',
      approvedOn,
      year: Number(approvedOn.slice(0, 4)),
      demo: true,
    };
  });
}

const statements = (impact: string): ProposalContent['criteriaStatements'] => ({
  impact,
  'national-partners': 'Implemented with national NGOs, which keep the service after the project.',
  'state-ngo-cooperation': 'Agreed with the national co-ordinator; police and social services take part.',
  'regional-networking': 'Results are shared through the regional anti-trafficking network.',
});

/** Open proposals of the current cycle, from field presences of the demo directory; ids are fixed UUIDs, as proposal ids are. */
export function demoOpenProposals(): {
  _id: string;
  organisationId: string;
  createdBy: string;
  status: 'submitted' | 'eligible';
  content: ProposalContent;
}[] {
  const budget = (amount: number) => ({
    currency: 'EUR',
    lines: [
      { category: 'staff', description: 'Project staff', amount: Math.round(amount * 0.6) },
      { category: 'activities', description: 'Activities and materials', amount: amount - Math.round(amount * 0.6) },
    ],
    coFunding: Math.round(amount * 0.1),
    amountRequested: amount,
  });
  return [
    {
      _id: proposalIdFor('fund-seed/demo-proposal-kz-hotline'),
      organisationId: 'osce-presence-kz',
      createdBy: 'fund-contact-kz-1',
      status: 'submitted',
      content: {
        title: `${DEMO}Горячая линия для пострадавших от торговли людьми`,
        summary: 'Круглосуточная горячая линия и направление пострадавших к партнёрам в Алматы и Астане.',
        language: 'ru',
        countries: ['KZ'],
        implementingPartnerIds: ['osce-presence-kz'],
        activityTypes: ['hotline', 'direct-assistance'],
        targetGroups: ['trafficked persons', 'labour migrants'],
        plannedStart: '2027-07-01',
        plannedEnd: '2028-06-30',
        budget: budget(4_500_000),
        expectedResults: [{ result: 'Calls answered and referred', indicators: [{ indicator: 'calls referred per month' }] }],
        criteriaStatements: statements('Answers calls from the first month.'),
      },
    },
    {
      _id: proposalIdFor('fund-seed/demo-proposal-md-reintegration'),
      organisationId: 'osce-presence-md',
      createdBy: 'fund-contact-md-1',
      status: 'submitted',
      content: {
        title: `${DEMO}Reintegration grants for returned victims in Moldova`,
        summary: 'Small grants, vocational training and case management for people returning to rural districts.',
        language: 'en',
        countries: ['MD'],
        implementingPartnerIds: ['md-shelter'],
        activityTypes: ['direct-assistance'],
        targetGroups: ['returned victims'],
        plannedStart: '2027-09-01',
        plannedEnd: '2028-08-31',
        budget: budget(6_000_000),
        expectedResults: [{ result: 'Returned victims supported', indicators: [{ indicator: 'people completing training' }] }],
        criteriaStatements: statements('Grants are paid within the first quarter.'),
      },
    },
    {
      _id: proposalIdFor('fund-seed/demo-proposal-al-nrm'),
      organisationId: 'osce-presence-al',
      createdBy: 'fund-contact-al-1',
      status: 'eligible',
      content: {
        title: `${DEMO}Updating the National Referral Mechanism guidelines in Albania`,
        summary: 'A review of the referral guidelines with the national co-ordinator and training for regional committees.',
        language: 'en',
        countries: ['AL'],
        implementingPartnerIds: ['al-legal-aid', 'osce-presence-al'],
        activityTypes: ['legislative-review', 'training'],
        targetGroups: ['regional anti-trafficking committees'],
        plannedStart: '2027-10-01',
        plannedEnd: '2028-03-31',
        budget: budget(3_200_000),
        expectedResults: [{ result: 'Guidelines adopted', indicators: [{ indicator: 'committees trained' }] }],
        criteriaStatements: statements('Guidelines are adopted within six months.'),
      },
    },
  ];
}
