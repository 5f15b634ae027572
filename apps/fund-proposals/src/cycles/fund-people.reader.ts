import { Injectable } from '@nestjs/common';
import { FundDirectory } from '../directory-view/fund-directory';

/**
 * Who the cycles and the fast-track notify, by person id: the small interface this part needs of the
 * directory read model (`FundDirectory`, kept by the directory-view module from `directory.*` events).
 */
@Injectable()
export class FundPeopleReader {
  constructor(private readonly directory: FundDirectory) {}

  /** The organisation's active people with the `fund-contact` role. */
  async fundContactsOf(organisationId: string): Promise<string[]> {
    return (await this.directory.peopleOf(organisationId, 'fund-contact')).map((p) => p.personId);
  }

  /** Active ODIHR fund staff with a role (`fund-officer`, `head-of-unit`), of FUND_UNIT_ORGANISATION_ID. */
  async withRole(role: string): Promise<string[]> {
    return (await this.directory.unitPeople(role)).map((p) => p.personId);
  }
}
