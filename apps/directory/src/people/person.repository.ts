import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { RevisionedStore, type Page } from '@ctip/persistence';
import { Model } from 'mongoose';
import type { PersonListQuery } from './person.dto';
import { PERSON_MODEL, type PersonRecord, type PersonState } from './person.schema';

@Injectable()
export class PersonRepository implements OnModuleInit {
  private readonly store: RevisionedStore<PersonRecord>;

  constructor(
    @InjectModel(PERSON_MODEL) private readonly model: Model<PersonRecord>,
    outbox: Outbox,
  ) {
    this.store = new RevisionedStore(model, outbox, 'person');
  }

  onModuleInit(): void {
    this.store.track();
  }

  findById(id: string): Promise<PersonRecord | null> {
    return this.store.findById(id);
  }

  findByIds(ids: string[]): Promise<PersonRecord[]> {
    return this.model
      .find({ _id: { $in: [...new Set(ids)] } })
      .select({ outbox: 0 })
      .lean<PersonRecord[]>()
      .exec();
  }

  /** Refuses a change based on a stale revision: 409 naming the current one. */
  requireRevision(current: PersonRecord, sent: number | undefined): void {
    this.store.requireRevision(current, sent);
  }

  insert(id: string, state: PersonState, entry: OutboxEntry): Promise<void> {
    return this.store.insert(id, state, entry);
  }

  replace(current: PersonRecord, state: PersonState, entry: OutboxEntry): Promise<void> {
    return this.store.replace(current, state, entry);
  }

  /** One page ordered by id. */
  list(query: PersonListQuery): Promise<Page<PersonRecord>> {
    const filter: Record<string, unknown> = {};
    if (query.organisationId !== undefined) filter.organisationId = query.organisationId;
    if (query.role !== undefined) filter.roles = query.role;
    return this.store.page(filter, query);
  }
}
