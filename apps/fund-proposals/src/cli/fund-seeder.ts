import { isDeepStrictEqual } from 'node:util';
import { versionIdOf, type ProposalVersionRepository } from '../proposals/proposal-version.repository';
import type { ProposalRepository } from '../proposals/proposal.repository';
import type { ScreeningState } from '../proposals/proposal.schema';
import type { PublicProjectRepository } from '../public/public-project.repository';
import { demoOpenProposals, demoSupportedProjects } from './demo-fund';

export interface FundSeedReport {
  projects: { created: number; updated: number; unchanged: number };
  proposals: { created: number; unchanged: number };
}

const DAY_MS = 86_400_000;

const screenedEligible = (submittedAt: Date): ScreeningState => ({
  version: 1,
  checks: { 'field-operation-involved': true, 'anti-trafficking-purpose': true, 'supported-activity': true, 'within-project-limit': true },
  outcome: 'eligible',
  reasons: [],
  screenedBy: 'odihr-fund-officer-1',
  screenedAt: new Date(submittedAt.getTime() + DAY_MS),
});

/**
 * Brings the fund's demo data to its defined state: the supported projects of 2001–2003 in the public
 * list and a few open proposals of the current cycle. Fixed ids make it idempotent: a second run finds
 * everything in place, writes nothing and takes no new proposal reference.
 */
export class FundSeeder {
  constructor(
    private readonly projects: PublicProjectRepository,
    private readonly proposals: ProposalRepository,
    private readonly versions: ProposalVersionRepository,
  ) {}

  async run(now = new Date()): Promise<FundSeedReport> {
    const report: FundSeedReport = { projects: { created: 0, updated: 0, unchanged: 0 }, proposals: { created: 0, unchanged: 0 } };
    for (const project of demoSupportedProjects()) {
      const existing = await this.projects.findById(project._id);
      if (existing && isDeepStrictEqual(existing, project)) {
        report.projects.unchanged += 1;
        continue;
      }
      await this.projects.put(project);
      report.projects[existing ? 'updated' : 'created'] += 1;
    }

    for (const [i, seed] of demoOpenProposals().entries()) {
      if (await this.proposals.findById(seed._id)) {
        report.proposals.unchanged += 1;
        continue;
      }
      const submittedAt = new Date(now.getTime() - (i + 2) * DAY_MS);
      // As a submission does: the frozen version first, then the proposal that counts it.
      const version = { _id: versionIdOf(seed._id, 1), proposalId: seed._id, number: 1, revision: 1, content: seed.content };
      await this.versions.freeze({ ...version, submittedBy: seed.createdBy, submittedAt }, 0);
      await this.proposals.insert({
        ...seed,
        proposalRef: await this.proposals.nextRef(submittedAt),
        revision: 1,
        submittedVersion: 1,
        submittedAt,
        consultation: { comments: [], rounds: [], totalMs: 0 },
        ...(seed.status === 'eligible' ? { screening: screenedEligible(submittedAt) } : {}),
        demo: true,
        outbox: [],
      });
      report.proposals.created += 1;
    }
    return report;
  }
}
