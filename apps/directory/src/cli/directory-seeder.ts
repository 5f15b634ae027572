import type { Principal } from '@ctip/auth';
import { createOrganisationSchema } from '../organisations/organisation.dto';
import { OrganisationsService } from '../organisations/organisations.service';
import { createPersonSchema } from '../people/person.dto';
import { PeopleService } from '../people/people.service';
import { putRosterSchema } from '../rosters/roster.dto';
import { RostersService } from '../rosters/rosters.service';
import { demoDirectory } from './demo-directory';

export interface SeedTally {
  created: number;
  updated: number;
  unchanged: number;
}

export interface SeedReport {
  organisations: SeedTally;
  people: SeedTally;
  rosters: SeedTally;
  contactPointsVerified: number;
}

const SEED_PRINCIPAL: Principal = { subject: 'directory-seed', roles: ['admin'], countries: [] };

/**
 * Brings the demo directory to its defined state through the services, so every change publishes its
 * event like any other. Fixed ids make it idempotent: a second run finds everything unchanged and
 * publishes nothing.
 */
export class DirectorySeeder {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly people: PeopleService,
    private readonly rosters: RostersService,
  ) {}

  /** Loads the demo directory; `webhookBase` is where its webhook contact points go (see demoDirectory). */
  async run(webhookBase?: string): Promise<SeedReport> {
    const demo = demoDirectory(webhookBase);
    const report: SeedReport = { organisations: tally(), people: tally(), rosters: tally(), contactPointsVerified: 0 };

    for (const seed of demo.organisations) {
      const input = createOrganisationSchema.parse(seed);
      const existing = await this.organisations.find(input.organisationId);
      const after = existing
        ? await this.organisations.update(input.organisationId, { ...input, revision: existing.revision })
        : await this.organisations.create(input);
      count(report.organisations, existing?.revision, after.revision);
    }

    for (const seed of demo.people) {
      const input = createPersonSchema.parse(seed);
      const existing = await this.people.find(input.personId);
      let person = existing
        ? await this.people.update(input.personId, { ...input, revision: existing.revision })
        : await this.people.create(input);
      count(report.people, existing?.revision, person.revision);
      // Demo addresses reach no one, so they are confirmed here to let the demo send alerts to them.
      for (const point of person.contactPoints.filter((p) => !p.verified)) {
        person = await this.people.verifyContactPoint(person.personId, point.contactPointId, {});
        report.contactPointsVerified += 1;
      }
    }

    for (const { presenceId, ...seed } of demo.rosters) {
      const input = putRosterSchema.parse(seed);
      const existing = await this.rosters.find(presenceId);
      const { roster } = await this.rosters.put(presenceId, { ...input, revision: existing?.revision }, SEED_PRINCIPAL);
      count(report.rosters, existing?.revision, roster.revision);
    }
    return report;
  }
}

const tally = (): SeedTally => ({ created: 0, updated: 0, unchanged: 0 });

function count(into: SeedTally, before: number | undefined, after: number): void {
  if (before === undefined) into.created += 1;
  else if (after === before) into.unchanged += 1;
  else into.updated += 1;
}
