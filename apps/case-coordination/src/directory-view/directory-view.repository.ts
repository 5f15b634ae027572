import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { DirectoryOrganisationChanged, DirectoryPersonChanged, DirectoryRosterChanged } from '@ctip/contracts';
import { upsertSnapshot } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { DirectorySnapshot } from '../routing/alert-routing';

type Organisation = DirectoryOrganisationChanged & { _id: string };
type Person = Pick<DirectoryPersonChanged, 'personId' | 'organisationId' | 'roles' | 'languages' | 'active' | 'revision'> & { _id: string };
type Roster = DirectoryRosterChanged & { _id: string };

/** How long a cached snapshot may be served without a change being seen (a safety net; changes invalidate it at once). */
const SNAPSHOT_MAX_AGE_MS = 60_000;

/**
 * This service's own copy of the directory, built from `directory.*` events: routing reads it locally
 * instead of calling the directory service. People are kept without their contact points: alerts are
 * delivered by the notifications service, which keeps its own copy.
 *
 * Routing reads the whole view for every report, so it is cached in memory under the view's revision:
 * a counter document (`directory_view_meta`) that every applied change increments. A report then costs
 * one read by `_id` instead of three collection reads, and every instance of the service sees a change
 * at its next report, whichever instance applied it.
 */
@Injectable()
export class DirectoryViewRepository implements OnModuleInit {
  private readonly organisations: mongo.Collection<Organisation>;
  private readonly people: mongo.Collection<Person>;
  private readonly rosters: mongo.Collection<Roster>;
  private readonly meta: mongo.Collection<{ _id: string; revision: number }>;
  private cached?: { revision: number; at: number; snapshot: DirectorySnapshot };

  constructor(@InjectConnection() connection: Connection) {
    this.organisations = connection.collection<Organisation>('directory_organisations');
    this.people = connection.collection<Person>('directory_people');
    this.rosters = connection.collection<Roster>('directory_rosters');
    this.meta = connection.collection<{ _id: string; revision: number }>('directory_view_meta');
  }

  async onModuleInit(): Promise<void> {
    // Serves people of an organisation (routing, access checks).
    await this.people.createIndex({ organisationId: 1 });
  }

  saveOrganisation(snapshot: DirectoryOrganisationChanged): Promise<'applied' | 'stale'> {
    return this.changed(upsertSnapshot(this.organisations as never, snapshot.organisationId, snapshot));
  }

  savePerson(snapshot: DirectoryPersonChanged): Promise<'applied' | 'stale'> {
    const { personId, organisationId, roles, languages, active, revision } = snapshot;
    return this.changed(upsertSnapshot(this.people as never, personId, { personId, organisationId, roles, languages, active, revision }));
  }

  saveRoster(snapshot: DirectoryRosterChanged): Promise<'applied' | 'stale'> {
    return this.changed(upsertSnapshot(this.rosters as never, snapshot.organisationId, snapshot));
  }

  /**
   * Counts an applied change after it is written: a snapshot read in between is cached under the old
   * revision and dropped at the next read. If the process dies in between, the redelivered event is
   * "stale" and counts nothing; the cache's age limit covers that case.
   */
  private async changed(write: Promise<'applied' | 'stale'>): Promise<'applied' | 'stale'> {
    const outcome = await write;
    if (outcome === 'applied') {
      this.cached = undefined;
      await this.meta.updateOne({ _id: 'view' }, { $inc: { revision: 1 } }, { upsert: true });
    }
    return outcome;
  }

  findOrganisation(id: string): Promise<Organisation | null> {
    return this.organisations.findOne({ _id: id });
  }

  findPerson(id: string): Promise<Person | null> {
    return this.people.findOne({ _id: id });
  }

  /** Everything routing needs; the directory is small (tens of presences, hundreds of people). */
  async snapshot(): Promise<DirectorySnapshot> {
    const revision = (await this.meta.findOne({ _id: 'view' }))?.revision ?? 0;
    const cached = this.cached;
    if (cached && cached.revision === revision && Date.now() - cached.at < SNAPSHOT_MAX_AGE_MS) return cached.snapshot;
    const snapshot = await this.read();
    this.cached = { revision, at: Date.now(), snapshot };
    return snapshot;
  }

  private async read(): Promise<DirectorySnapshot> {
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
