import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { DirectoryOrganisationChanged, DirectoryPersonChanged } from '@ctip/contracts';
import { upsertSnapshot } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { TrainingAudience } from '../events/training-event.schema';

/** What the service keeps of an organisation: to check references, and the country of its people. */
export type DirectoryOrganisation = Pick<
  DirectoryOrganisationChanged,
  'organisationId' | 'kind' | 'country' | 'name' | 'active' | 'revision'
> & {
  _id: string;
};

/**
 * What the service keeps of a person: whom to invite and in which language and time zone to remind them,
 * never how to reach them (the notifications service keeps contact points).
 */
export interface DirectoryPerson {
  _id: string;
  personId: string;
  organisationId: string;
  displayName: string;
  roles: string[];
  audiences: TrainingAudience[];
  languages: string[];
  timeZone: string;
  active: boolean;
  revision: number;
}

/** Who an invitation selects; every given criterion must hold (absent: any). */
export interface PeopleSelection {
  audiences?: string[];
  roles?: string[];
  organisationIds?: string[];
}

/**
 * The service's own copy of the directory, built from `directory.*` events (revision-guarded upserts, so a
 * redelivered or older snapshot changes nothing). Lookups go by `_id`; `findPeople` queries other fields
 * and runs once per invitation request, never per event.
 */
@Injectable()
export class TrainingDirectoryRepository {
  private readonly organisations: mongo.Collection<DirectoryOrganisation>;
  private readonly people: mongo.Collection<DirectoryPerson>;

  constructor(@InjectConnection() connection: Connection) {
    this.organisations = connection.collection<DirectoryOrganisation>('directory_organisations');
    this.people = connection.collection<DirectoryPerson>('directory_people');
  }

  saveOrganisation(snapshot: DirectoryOrganisationChanged): Promise<'applied' | 'stale'> {
    const { organisationId, kind, country, name, active, revision } = snapshot;
    const kept = { organisationId, kind, name, active, revision, ...(country ? { country } : {}) };
    return upsertSnapshot(this.organisations as never, organisationId, kept);
  }

  savePerson(snapshot: DirectoryPersonChanged): Promise<'applied' | 'stale'> {
    const { personId, organisationId, displayName, roles, audiences = [], languages, timeZone, active, revision } = snapshot;
    const kept = { personId, organisationId, displayName, roles, audiences, languages, timeZone, active, revision };
    return upsertSnapshot(this.people as never, personId, kept);
  }

  findOrganisation(id: string): Promise<DirectoryOrganisation | null> {
    return this.organisations.findOne({ _id: id });
  }

  findOrganisations(ids: string[]): Promise<DirectoryOrganisation[]> {
    return this.organisations.find({ _id: { $in: ids } }).toArray();
  }

  /** Active organisations of these countries (an invitation by country). */
  findOrganisationsIn(countries: string[]): Promise<DirectoryOrganisation[]> {
    return this.organisations.find({ country: { $in: countries }, active: true }, { sort: { _id: 1 } }).toArray();
  }

  findPerson(id: string): Promise<DirectoryPerson | null> {
    return this.people.findOne({ _id: id });
  }

  findPeople(ids: string[]): Promise<DirectoryPerson[]> {
    return this.people.find({ _id: { $in: ids } }).toArray();
  }

  /** Active people matching every given criterion, in id order. */
  findPeopleMatching(selection: PeopleSelection): Promise<DirectoryPerson[]> {
    const filter: Record<string, unknown> = { active: true };
    if (selection.audiences) filter.audiences = { $in: selection.audiences };
    if (selection.roles) filter.roles = { $in: selection.roles };
    if (selection.organisationIds) filter.organisationId = { $in: selection.organisationIds };
    return this.people.find(filter, { sort: { _id: 1 } }).toArray();
  }

  /** Active people of an organisation holding one of the roles (its focal points, for a nomination request). */
  findPeopleOf(organisationId: string, roles: string[]): Promise<DirectoryPerson[]> {
    return this.findPeopleMatching({ organisationIds: [organisationId], roles });
  }
}
