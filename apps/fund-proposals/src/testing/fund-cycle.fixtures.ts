import { loadConfig } from '@ctip/config';
import type { ProposalStatus } from '../proposals/proposal-status';
import type { ProposalDocument } from '../proposals/proposal.schema';
import { AppModule } from '../app.module';
import { configSchema } from '../config';

/** The service's root module from a test's environment (ServiceUnderTest's `module`). */
export const fundModule = (env: Record<string, string | undefined>) => AppModule.forRoot(loadConfig(configSchema, env));

let sequence = 0;

/**
 * A proposal in a given state, as the proposals and review modules would have left it (this part builds
 * neither): `reviewed` with a weighted score, or any other state. Inserted with `ProposalRepository.insert`.
 */
export function proposalFixture(
  run: string,
  options: {
    status?: ProposalStatus;
    score?: number;
    amount?: number;
    organisationId?: string;
    submittedAt?: Date;
    reviewedAt?: Date;
  } = {},
): Omit<ProposalDocument, 'version' | 'createdAt' | 'updatedAt'> {
  sequence += 1;
  const id = `p-${run}-${String(sequence).padStart(5, '0')}`;
  const status = options.status ?? 'reviewed';
  const amount = options.amount ?? 10_000_00;
  const submittedAt = options.submittedAt ?? new Date(Date.now() - 86_400_000 + sequence);
  return {
    _id: id,
    proposalRef: `ATPF-2027-${String(sequence).padStart(6, '0')}`,
    organisationId: options.organisationId ?? `org-${run}`,
    createdBy: `applicant-${run}`,
    status,
    content: {
      title: `Shelter capacity ${id}`,
      summary: 'Strengthening shelter capacity with a national NGO.',
      language: 'en',
      countries: ['MD'],
      implementingPartnerIds: [],
      activityTypes: ['direct-assistance'],
      targetGroups: ['survivors'],
      plannedStart: '2027-05-01',
      plannedEnd: '2027-12-31',
      budget: {
        currency: 'EUR',
        lines: [{ category: 'staff', description: 'counsellors', amount }],
        coFunding: 0,
        amountRequested: amount,
      },
      expectedResults: [{ result: 'More places', indicators: [{ indicator: 'places' }] }],
      criteriaStatements: {
        impact: 'short-term results',
        'national-partners': 'local NGO',
        'state-ngo-cooperation': 'ministry MoU',
        'regional-networking': 'regional meeting',
      },
    },
    revision: 1,
    submittedVersion: 1,
    submittedAt,
    consultation: { comments: [], rounds: [], totalMs: 0 },
    ...(status === 'reviewed' || options.score !== undefined
      ? {
          review: {
            assigned: 2,
            scored: 2,
            weightedScore: options.score ?? 3.5,
            disagreement: false,
            reviewedAt: options.reviewedAt ?? new Date(Date.now() - 60_000),
          },
        }
      : {}),
    outbox: [],
  };
}
