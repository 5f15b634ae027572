import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS, type DirectoryPersonChanged } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { sameState, type Page } from '@ctip/persistence';
import { seesContactAddresses } from '../common/access-policy';
import { invalidField, notFound, unprocessable } from '../common/directory-errors';
import { OrganisationRepository } from '../organisations/organisation.repository';
import { RosterRepository } from '../rosters/roster.repository';
import { withVerification } from './contact-points';
import type { CreatePerson, PersonListQuery, PersonView, UpdatePerson, Verification } from './person.dto';
import { PersonRepository } from './person.repository';
import type { PersonRecord, PersonState } from './person.schema';

export type Person = DirectoryPersonChanged;

/** Staff of the directory's organisations and their contact points. Contact details are never logged. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly people: PersonRepository,
    private readonly organisations: OrganisationRepository,
    private readonly rosters: RosterRepository,
    private readonly outbox: Outbox,
  ) {}

  async create(input: CreatePerson): Promise<Person> {
    const { personId, ...fields } = withAudiences(input);
    await this.requireOrganisation(fields.organisationId);
    const state: PersonState = { ...fields, contactPoints: withVerification([], fields.contactPoints) };
    const person: Person = { personId, ...state, revision: 1 };
    await this.people.insert(personId, state, this.outbox.entry(TOPICS.directoryPersonChanged, person));
    return person;
  }

  /** Replaces the whole state; an unchanged state is answered as it is, without a new revision or event. */
  async update(id: string, input: UpdatePerson): Promise<Person> {
    const { personId, revision, ...fields } = withAudiences(input);
    if (personId !== undefined && personId !== id) throw invalidField('personId', 'must be the id in the path');
    const current = await this.people.findById(id);
    if (!current) throw notFound('person', id);
    const state: PersonState = { ...fields, contactPoints: withVerification(current.contactPoints, fields.contactPoints) };
    if (sameState(state, stateOf(current))) return personOf(current);
    this.people.requireRevision(current, revision);
    if (state.organisationId !== current.organisationId) await this.requireOrganisation(state.organisationId);
    await this.requireRostersStillValid(current, state);
    return this.write(current, state);
  }

  /** An admin or coordinator confirms they reached the person at this address (no code-based flow). */
  async verifyContactPoint(id: string, contactPointId: string, verification: Verification): Promise<Person> {
    const current = await this.people.findById(id);
    if (!current) throw notFound('person', id);
    if (verification.revision !== undefined) this.people.requireRevision(current, verification.revision);
    const point = current.contactPoints.find((p) => p.contactPointId === contactPointId);
    if (!point) throw notFound('contact point', `${id}/${contactPointId}`);
    if (point.verified) return personOf(current);
    const contactPoints = stateOf(current).contactPoints.map((p) => (p.contactPointId === contactPointId ? { ...p, verified: true } : p));
    return this.write(current, { ...stateOf(current), contactPoints });
  }

  async find(id: string): Promise<Person | undefined> {
    const record = await this.people.findById(id);
    return record ? personOf(record) : undefined;
  }

  async read(id: string, reader: Principal): Promise<PersonView> {
    const person = await this.find(id);
    if (!person) throw notFound('person', id);
    return viewFor(reader, person);
  }

  async list(query: PersonListQuery, reader: Principal): Promise<Page<PersonView>> {
    const page = await this.people.list(query);
    return { items: page.items.map((record) => viewFor(reader, personOf(record))), nextCursor: page.nextCursor };
  }

  private async write(current: PersonRecord, state: PersonState): Promise<Person> {
    const person: Person = { personId: current._id, ...state, revision: current.revision + 1 };
    const entry = this.outbox.entry(TOPICS.directoryPersonChanged, person);
    await this.people.replace(current, state, entry);
    return person;
  }

  private async requireOrganisation(organisationId: string): Promise<void> {
    if (await this.organisations.findById(organisationId)) return;
    throw unprocessable(`organisation ${organisationId} does not exist`, [
      { field: 'organisationId', reason: 'no organisation with this id' },
    ]);
  }

  /** Rosters name only active people of their own presence; someone on a roster cannot leave it by a person update. */
  private async requireRostersStillValid(current: PersonRecord, next: PersonState): Promise<void> {
    const moves = next.organisationId !== current.organisationId;
    const deactivates = current.active && !next.active;
    if (!moves && !deactivates) return;
    const rosters = await this.rosters.findNaming(current._id);
    if (rosters.length === 0) return;
    const reason = `is named on the duty roster of ${rosters.join(', ')}; change the roster first`;
    throw unprocessable(`person ${current._id} is on a duty roster`, [{ field: moves ? 'organisationId' : 'active', reason }]);
  }
}

/** An empty list of audiences is stored as none (the field left out), so that both read back the same. */
function withAudiences<T extends { audiences?: PersonState['audiences'] }>(input: T): T {
  const { audiences, ...rest } = input;
  return (audiences && audiences.length > 0 ? { ...rest, audiences } : rest) as T;
}

function stateOf(record: PersonRecord): PersonState {
  const { organisationId, displayName, roles, languages, timeZone, active, demo } = record;
  const audiences = record.audiences && record.audiences.length > 0 ? { audiences: [...record.audiences] } : {};
  const contactPoints = record.contactPoints.map(({ contactPointId, channel, address, verified, priority }) => ({
    contactPointId,
    channel,
    address,
    verified,
    priority,
  }));
  return { organisationId, displayName, roles, ...audiences, languages, timeZone, contactPoints, active, demo };
}

function personOf(record: PersonRecord): Person {
  return { personId: record._id, ...stateOf(record), revision: record.revision };
}

function viewFor(reader: Principal, person: Person): PersonView {
  if (seesContactAddresses(reader)) return person;
  return { ...person, contactPoints: person.contactPoints.map(({ address: _hidden, ...point }) => point) };
}
