import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ConflictError } from '@ctip/errors';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { insertAllIfAbsent, readPage, type Page, type PageOrder, type PageRequest } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { PROJECT_MODEL, type ProjectDocument } from './project.schema';

/** What a change to a project writes, in one atomic update of the project document. */
export interface ProjectChange {
  set: Partial<Omit<ProjectDocument, '_id' | 'outbox' | 'version' | 'createdAt' | 'updatedAt'>>;
  events?: OutboxEntry[];
}

export interface ProjectDecision<R> {
  change: ProjectChange | null;
  result: R;
}

const NEWEST_FIRST: PageOrder = { field: 'createdAt', direction: -1 };
const LIST_PROJECTION = { outbox: 0 };
const MAX_CONFLICT_RETRIES = 8;

@Injectable()
export class ProjectRepository implements OnModuleInit {
  constructor(
    @InjectModel(PROJECT_MODEL) private readonly projects: Model<ProjectDocument>,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.outbox.track(this.projects);
  }

  /** Inserts the projects in bulk, keeping any whose id exists already: returns how many this call created. */
  async insertAllIfAbsent(documents: ProjectDocument[]): Promise<number> {
    return (
      documents.length -
      (await insertAllIfAbsent(this.projects.db.collection<ProjectDocument>(this.projects.collection.collectionName), documents)).length
    );
  }

  findById(id: string): Promise<ProjectDocument | null> {
    return this.projects.findById(id).lean<ProjectDocument>().exec();
  }

  list(filter: { organisationId?: string }, page: PageRequest): Promise<Page<ProjectDocument>> {
    return readPage(page, NEWEST_FIRST, { ...filter }, ({ filter: paged, sort, limit }) =>
      this.projects.find(paged, LIST_PROJECTION).sort(sort).limit(limit).lean<ProjectDocument[]>().exec(),
    );
  }

  /**
   * Read, decide, write with a version guard, retry on a concurrent change; null when there is no such
   * project. `beforeWrite` runs between the decision and the write (jobs are added there, so a crash
   * after the write cannot lose them; a job of a write that lost finds nothing to do).
   */
  async modify<R>(
    id: string,
    decide: (current: ProjectDocument) => ProjectDecision<R>,
    beforeWrite?: (decision: ProjectDecision<R>, current: ProjectDocument) => Promise<void>,
  ): Promise<R | null> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const current = await this.findById(id);
      if (!current) return null;
      const decision = decide(current);
      if (!decision.change) return decision.result;
      await beforeWrite?.(decision, current);
      const { change } = decision;
      const events = change.events ?? [];
      const write = async () => {
        const update = await this.projects.updateOne(
          { _id: id, version: current.version },
          { $set: { ...change.set }, $inc: { version: 1 }, $push: { outbox: { $each: events } } },
        );
        return update.matchedCount === 1;
      };
      if (await this.outbox.store(this.projects, id, events, write)) return decision.result;
    }
    throw new ConflictError('the project is being changed by many requests at once; try again');
  }
}
