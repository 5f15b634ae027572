import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { DirectoryOrganisationChanged, DirectoryPersonChanged } from '@ctip/contracts';
import { upsertSnapshot } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';

/** What the fund keeps of an organisation: enough to check references and the screening's field-operation rule. */
export type FundOrganisation = Pick<
  DirectoryOrganisationChanged,
  'organisationId' | 'kind' | 'country' | 'name' | 'active' | 'revision'
> & {
  _id: string;
};

/** What the fund keeps of a person: whom a notice goes to, never how (the notifications service keeps contact points). */
export type FundPerson = Pick<DirectoryPersonChanged, 'personId' | 'organisationId' | 'roles' | 'languages' | 'active' | 'revision'> & {
  _id: string;
};

/**
 * The fund's own copy of the directory, built from `directory.*` events (revision-guarded upserts, so a
 * redelivered or older snapshot changes nothing). Lookups go by `_id`; only `findPeopleOf` queries
 * another field, and it runs per request or job (a revision request, a reminder), never per event.
 */
@Injectable()
export class FundDirectoryRepository implements OnModuleInit {
  private readonly organisations: mongo.Collection<FundOrganisation>;
  private readonly people: mongo.Collection<FundPerson>;

  constructor(@InjectConnection() connection: Connection) {
    this.organisations = connection.collection<FundOrganisation>('directory_organisations');
    this.people = connection.collection<FundPerson>('directory_people');
  }

  async onModuleInit(): Promise<void> {
    // Serves the people of an organisation (its fund contacts, ODIHR's officers).
    await this.people.createIndex({ organisationId: 1 });
  }

  saveOrganisation(snapshot: DirectoryOrganisationChanged): Promise<'applied' | 'stale'> {
    const { organisationId, kind, country, name, active, revision } = snapshot;
    const kept = { organisationId, kind, name, active, revision, ...(country ? { country } : {}) };
    return upsertSnapshot(this.organisations as never, organisationId, kept);
  }

  savePerson(snapshot: DirectoryPersonChanged): Promise<'applied' | 'stale'> {
    const { personId, organisationId, roles, languages, active, revision } = snapshot;
    return upsertSnapshot(this.people as never, personId, { personId, organisationId, roles, languages, active, revision });
  }

  findOrganisation(id: string): Promise<FundOrganisation | null> {
    return this.organisations.findOne({ _id: id });
  }

  findOrganisations(ids: string[]): Promise<FundOrganisation[]> {
    return this.organisations.find({ _id: { $in: ids } }).toArray();
  }

  findPerson(id: string): Promise<FundPerson | null> {
    return this.people.findOne({ _id: id });
  }

  findPeopleOf(organisationId: string): Promise<FundPerson[]> {
    return this.people.find({ organisationId }, { sort: { _id: 1 } }).toArray();
  }
}
