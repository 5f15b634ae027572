import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { sameState, type Page } from '@ctip/persistence';
import { invalidField, notFound, unprocessable } from '../common/directory-errors';
import { RosterRepository } from '../rosters/roster.repository';
import type { CreateOrganisation, OrganisationListQuery, OrganisationView, UpdateOrganisation } from './organisation.dto';
import { OrganisationRepository } from './organisation.repository';
import type { OrganisationRecord, OrganisationState } from './organisation.schema';

/** Organisations of the directory: field presences, the coordination unit, partners. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly rosters: RosterRepository,
    private readonly outbox: Outbox,
  ) {}

  async create(input: CreateOrganisation): Promise<OrganisationView> {
    const { organisationId, ...fields } = input;
    const state = organisationState(fields);
    const view: OrganisationView = { organisationId, ...state, revision: 1 };
    const entry = this.outbox.entry(TOPICS.directoryOrganisationChanged, view);
    await this.organisations.insert(organisationId, state, entry);
    return view;
  }

  /** Replaces the whole state; an unchanged state is answered as it is, without a new revision or event. */
  async update(id: string, input: UpdateOrganisation): Promise<OrganisationView> {
    const { organisationId, revision, ...fields } = input;
    if (organisationId !== undefined && organisationId !== id) throw invalidField('organisationId', 'must be the id in the path');
    const current = await this.organisations.findById(id);
    if (!current) throw notFound('organisation', id);
    const state = organisationState(fields);
    if (sameState(state, stateOf(current))) return viewOf(current);
    this.organisations.requireRevision(current, revision);
    if (current.kind === 'field-presence' && state.kind !== 'field-presence' && (await this.rosters.findById(id))) {
      throw unprocessable(`${id} has a duty roster`, [
        { field: 'kind', reason: 'a field presence with a duty roster stays a field presence' },
      ]);
    }
    const view: OrganisationView = { organisationId: id, ...state, revision: current.revision + 1 };
    const entry = this.outbox.entry(TOPICS.directoryOrganisationChanged, view);
    await this.organisations.replace(current, state, entry);
    return view;
  }

  async find(id: string): Promise<OrganisationView | undefined> {
    const record = await this.organisations.findById(id);
    return record ? viewOf(record) : undefined;
  }

  async get(id: string): Promise<OrganisationView> {
    const view = await this.find(id);
    if (!view) throw notFound('organisation', id);
    return view;
  }

  async list(query: OrganisationListQuery): Promise<Page<OrganisationView>> {
    const page = await this.organisations.list(query);
    return { items: page.items.map(viewOf), nextCursor: page.nextCursor };
  }
}

/** The stored state of a validated body: the home country always counts as covered. */
function organisationState(fields: Omit<CreateOrganisation, 'organisationId'>): OrganisationState {
  const { country, countriesCovered } = fields;
  const covered = country === undefined || countriesCovered.includes(country) ? countriesCovered : [country, ...countriesCovered];
  return { ...fields, countriesCovered: covered };
}

function stateOf(record: OrganisationRecord): OrganisationState {
  const { kind, partnerType, name, country, countriesCovered, regions, services, languages, timeZone, active, demo } = record;
  return { kind, partnerType, name, country, countriesCovered, regions, services, languages, timeZone, active, demo };
}

function viewOf(record: OrganisationRecord): OrganisationView {
  return { organisationId: record._id, ...stateOf(record), revision: record.revision };
}
