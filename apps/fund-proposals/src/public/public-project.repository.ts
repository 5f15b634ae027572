import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { insertAllIfAbsent, readPage, type Page, type PageOrder, type PageRequest } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { PUBLIC_PROJECT_MODEL, type PublicProjectDocument } from './public-project.schema';

export interface PublicProjectFilter {
  country?: string;
  activityType?: string;
  year?: number;
}

/** Newest approval first, the id breaking ties. */
const NEWEST_FIRST: PageOrder = { field: 'approvedOn', direction: -1 };

@Injectable()
export class PublicProjectRepository {
  constructor(@InjectModel(PUBLIC_PROJECT_MODEL) private readonly projects: Model<PublicProjectDocument>) {}

  /** Inserts the records in bulk; one whose id is listed already is kept as it is. */
  async insertAllIfAbsent(projects: PublicProjectDocument[]): Promise<void> {
    await insertAllIfAbsent(this.projects.db.collection<PublicProjectDocument>(this.projects.collection.collectionName), projects);
  }

  /** Writes the record whole under the proposal's id: writing the same record again changes nothing. */
  async put(project: PublicProjectDocument): Promise<void> {
    await this.projects.replaceOne({ _id: project._id }, project, { upsert: true }).exec();
  }

  findById(id: string): Promise<PublicProjectDocument | null> {
    return this.projects.findById(id).lean<PublicProjectDocument>().exec();
  }

  page(request: PageRequest, filter: PublicProjectFilter): Promise<Page<PublicProjectDocument>> {
    return readPage(request, NEWEST_FIRST, toQuery(filter), ({ filter: query, sort, limit }) =>
      this.projects.find(query).sort(sort).limit(limit).lean<PublicProjectDocument[]>().exec(),
    );
  }

  /** Every matching record (the export and the statistics; the list is tens to hundreds of projects). */
  all(filter: PublicProjectFilter = {}): Promise<PublicProjectDocument[]> {
    return this.projects.find(toQuery(filter)).sort({ approvedOn: -1, _id: -1 }).lean<PublicProjectDocument[]>().exec();
  }

  count(filter: { demo?: boolean } = {}): Promise<number> {
    return this.projects.countDocuments(filter).exec();
  }
}

function toQuery(filter: PublicProjectFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.country) query.countries = filter.country;
  if (filter.activityType) query.activityTypes = filter.activityType;
  if (filter.year !== undefined) query.year = filter.year;
  return query;
}
