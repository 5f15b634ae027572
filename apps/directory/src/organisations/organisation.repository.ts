import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { Model } from 'mongoose';
import { RevisionedStore } from '../common/revisioned-store';
import type { OrganisationListQuery } from './organisation.dto';
import { ORGANISATION_MODEL, type OrganisationRecord, type OrganisationState } from './organisation.schema';

@Injectable()
export class OrganisationRepository implements OnModuleInit {
  private readonly store: RevisionedStore<OrganisationRecord>;

  constructor(@InjectModel(ORGANISATION_MODEL) model: Model<OrganisationRecord>, outbox: Outbox) {
    this.store = new RevisionedStore(model, outbox);
  }

  onModuleInit(): void {
    this.store.track();
  }

  findById(id: string): Promise<OrganisationRecord | null> {
    return this.store.findById(id);
  }

  insert(id: string, state: OrganisationState, entry: OutboxEntry): Promise<boolean> {
    return this.store.insert({ _id: id, ...state, revision: 1 }, entry);
  }

  replace(id: string, basedOn: number, state: OrganisationState, entry: OutboxEntry): Promise<boolean> {
    return this.store.replace(id, basedOn, { ...state }, entry);
  }

  /** One page ordered by id, plus one row to tell whether another page follows. */
  list(query: OrganisationListQuery): Promise<OrganisationRecord[]> {
    const filter: Record<string, unknown> = {};
    if (query.kind !== undefined) filter.kind = query.kind;
    if (query.country !== undefined) filter.countriesCovered = query.country;
    if (query.service !== undefined) filter.services = query.service;
    if (query.active !== undefined) filter.active = query.active;
    return this.store.page(filter, query.cursor, query.limit);
  }
}
