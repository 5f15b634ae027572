import { Inject, Injectable } from '@nestjs/common';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { FundDirectoryRepository, type FundOrganisation, type FundPerson } from './fund-directory.repository';

/**
 * What the fund's modules ask of the directory: an organisation, a person, and the active people of an
 * organisation with a role (its `fund-contact`s; ODIHR's `fund-officer`, `fund-committee`, `head-of-unit`).
 * Inactive organisations and people count as unknown.
 */
@Injectable()
export class FundDirectory {
  constructor(
    private readonly repository: FundDirectoryRepository,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  async organisation(id: string): Promise<FundOrganisation | undefined> {
    const found = await this.repository.findOrganisation(id);
    return found?.active ? found : undefined;
  }

  /** The active organisations among `ids`, by id (a missing key is unknown or inactive). */
  async organisations(ids: string[]): Promise<Map<string, FundOrganisation>> {
    if (ids.length === 0) return new Map();
    const found = await this.repository.findOrganisations([...new Set(ids)]);
    return new Map(found.filter((o) => o.active).map((o) => [o._id, o]));
  }

  async person(id: string): Promise<FundPerson | undefined> {
    const found = await this.repository.findPerson(id);
    return found?.active ? found : undefined;
  }

  /** Active people of the organisation holding the role, in id order. */
  async peopleOf(organisationId: string, role: string): Promise<FundPerson[]> {
    const people = await this.repository.findPeopleOf(organisationId);
    return people.filter((p) => p.active && p.roles.includes(role));
  }

  /** Active ODIHR fund staff with the role (`fund-officer`, `fund-committee`, `head-of-unit`), of FUND_UNIT_ORGANISATION_ID. */
  unitPeople(role: string): Promise<FundPerson[]> {
    return this.peopleOf(this.config.FUND_UNIT_ORGANISATION_ID, role);
  }
}
