import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { RevisionedStore, type Page } from '@ctip/persistence';
import { Model } from 'mongoose';
import type { OrganisationListQuery } from './organisation.dto';
import { ORGANISATION_MODEL, type OrganisationRecord, type OrganisationState } from './organisation.schema';

@Injectable()
export class OrganisationRepository implements OnModuleInit {
  private readonly store: RevisionedStore<OrganisationRecord>;

  constructor(@InjectModel(ORGANISATION_MODEL) model: Model<OrganisationRecord>, outbox: Outbox) {
    this.store = new RevisionedStore(model, outbox, 'organisation');
  }

  onModuleInit(): void {
    this.store.track();
  }

  findById(id: string): Promise<OrganisationRecord | null> {
    return this.store.findById(id);
  }

  /** Refuses a change based on a stale revision: 409 naming the current one. */
  requireRevision(current: OrganisationRecord, sent: number | undefined): void {
    this.store.requireRevision(current, sent);
  }

  insert(id: string, state: OrganisationState, entry: OutboxEntry): Promise<void> {
    return this.store.insert(id, state, entry);
  }

  replace(current: OrganisationRecord, state: OrganisationState, entry: OutboxEntry): Promise<void> {
    return this.store.replace(current, state, entry);
  }

  /** One page ordered by id. */
  list(query: OrganisationListQuery): Promise<Page<OrganisationRecord>> {
    const filter: Record<string, unknown> = {};
    if (query.kind !== undefined) filter.kind = query.kind;
    if (query.country !== undefined) filter.countriesCovered = query.country;
    if (query.service !== undefined) filter.services = query.service;
    if (query.active !== undefined) filter.active = query.active;
    return this.store.page(filter, query);
  }
}
