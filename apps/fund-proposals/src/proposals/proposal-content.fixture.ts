import type { ProposalContentInput } from './proposal.dto';

/**
 * A proposal of the OSCE Mission to Moldova for a hotline and direct assistance with a national partner
 * (the demo directory's `md-shelter`), for tests. Amounts in euro cents: EUR 48,000 of lines, EUR 6,000
 * co-funded, EUR 42,000 requested.
 */
export function moldovaHotlineContent(partnerIds: string[] = ['md-shelter']): ProposalContentInput {
  return {
    title: 'Hotline and direct assistance for victims of trafficking in Moldova',
    summary: 'A national hotline with trained counsellors and direct assistance (shelter, legal aid) for identified victims.',
    language: 'en',
    countries: ['MD'],
    implementingPartnerIds: partnerIds,
    activityTypes: ['hotline', 'direct-assistance'],
    targetGroups: ['at-risk young women', 'identified victims of trafficking'],
    plannedStart: '2027-04-01',
    plannedEnd: '2028-03-31',
    budget: {
      currency: 'EUR',
      lines: [
        { category: 'staff', description: 'Hotline counsellors (2 × 12 months)', amount: 2_880_000 },
        { category: 'assistance', description: 'Shelter places and legal aid', amount: 1_440_000 },
        { category: 'equipment', description: 'Telephony and case-management software', amount: 480_000 },
      ],
      coFunding: 600_000,
      amountRequested: 4_200_000,
    },
    expectedResults: [
      {
        result: 'Callers at risk get advice and referral within a day',
        indicators: [{ indicator: 'calls answered per month' }, { indicator: 'share of referrals within 24 hours' }],
      },
    ],
    criteriaStatements: {
      impact: 'The hotline answers calls from the first month; assistance starts with the first referrals.',
      'national-partners': 'Run with a national shelter whose staff are trained to run the hotline after the project.',
      'state-ngo-cooperation': 'Referrals follow the national referral mechanism agreed with the Ministry of Labour and Social Protection.',
      'regional-networking': 'Cases involving Romania and Ukraine are coordinated with hotlines there.',
    },
  };
}
