import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { Model } from 'mongoose';
import { RevisionedStore } from '../common/revisioned-store';
import type { PersonListQuery } from './person.dto';
import { PERSON_MODEL, type PersonRecord, type PersonState } from './person.schema';

@Injectable()
export class PersonRepository implements OnModuleInit {
  private readonly store: RevisionedStore<PersonRecord>;

  constructor(
    @InjectModel(PERSON_MODEL) private readonly model: Model<PersonRecord>,
    outbox: Outbox,
  ) {
    this.store = new RevisionedStore(model, outbox);
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

  insert(id: string, state: PersonState, entry: OutboxEntry): Promise<boolean> {
    return this.store.insert({ _id: id, ...state, revision: 1 }, entry);
  }

  replace(id: string, basedOn: number, state: PersonState, entry: OutboxEntry): Promise<boolean> {
    return this.store.replace(id, basedOn, { ...state }, entry);
  }

  /** One page ordered by id, plus one row to tell whether another page follows. */
  list(query: PersonListQuery): Promise<PersonRecord[]> {
    const filter: Record<string, unknown> = {};
    if (query.organisationId !== undefined) filter.organisationId = query.organisationId;
    if (query.role !== undefined) filter.roles = query.role;
    return this.store.page(filter, query.cursor, query.limit);
  }
}
