import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { DirectoryOrganisationChanged, DirectoryPersonChanged, DirectoryRosterChanged } from '@ctip/contracts';
import { upsertSnapshot } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { DirectorySnapshot } from '../routing/alert-routing';

type Organisation = DirectoryOrganisationChanged & { _id: string };
type Person = Pick<DirectoryPersonChanged, 'personId' | 'organisationId' | 'roles' | 'languages' | 'active' | 'revision'> & { _id: string };
type Roster = DirectoryRosterChanged & { _id: string };

/**
 * This service's own copy of the directory, built from `directory.*` events: routing reads it locally
 * instead of calling the directory service. People are kept without their contact points: alerts are
 * delivered by the notifications service, which keeps its own copy.
 */
@Injectable()
export class DirectoryViewRepository implements OnModuleInit {
  private readonly organisations: mongo.Collection<Organisation>;
  private readonly people: mongo.Collection<Person>;
  private readonly rosters: mongo.Collection<Roster>;

  constructor(@InjectConnection() connection: Connection) {
    this.organisations = connection.collection<Organisation>('directory_organisations');
    this.people = connection.collection<Person>('directory_people');
    this.rosters = connection.collection<Roster>('directory_rosters');
  }

  async onModuleInit(): Promise<void> {
    // Serves people of an organisation (routing, access checks).
    await this.people.createIndex({ organisationId: 1 });
  }

  saveOrganisation(snapshot: DirectoryOrganisationChanged): Promise<'applied' | 'stale'> {
    return upsertSnapshot(this.organisations as never, snapshot.organisationId, snapshot);
  }

  savePerson(snapshot: DirectoryPersonChanged): Promise<'applied' | 'stale'> {
    const { personId, organisationId, roles, languages, active, revision } = snapshot;
    return upsertSnapshot(this.people as never, personId, { personId, organisationId, roles, languages, active, revision });
  }

  saveRoster(snapshot: DirectoryRosterChanged): Promise<'applied' | 'stale'> {
    return upsertSnapshot(this.rosters as never, snapshot.organisationId, snapshot);
  }

  findOrganisation(id: string): Promise<Organisation | null> {
    return this.organisations.findOne({ _id: id });
  }

  findPerson(id: string): Promise<Person | null> {
    return this.people.findOne({ _id: id });
  }

  /** Everything routing needs; the directory is small (tens of presences, hundreds of people). */
  async snapshot(): Promise<DirectorySnapshot> {
    const [organisations, rosters, people] = await Promise.all([
      this.organisations.find({ active: true }).toArray(),
      this.rosters.find({}).toArray(),
      this.people.find({ active: true }, { sort: { _id: 1 } }).toArray(),
    ]);
    const peopleByOrganisation = new Map<string, string[]>();
    for (const person of people)
      peopleByOrganisation.set(person.organisationId, [...(peopleByOrganisation.get(person.organisationId) ?? []), person._id]);
    return { organisations, rosters, peopleByOrganisation };
  }
}
