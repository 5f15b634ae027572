import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ConflictError } from '@ctip/errors';
import { readPage, type Page, type PageOrder, type PageRequest } from '@ctip/persistence';
import type { Model, mongo } from 'mongoose';
import { REVIEW_MODEL, type ReviewDocument } from './review.schema';

export type ReviewChange = Partial<Pick<ReviewDocument, 'declaration' | 'recusal' | 'scores' | 'scoredAt' | 'scoreRevisions'>>;
export type NewReview = Pick<ReviewDocument, '_id' | 'proposalId' | 'reviewerId' | 'assignedBy' | 'assignedAt' | 'recusal'>;

const MAX_CONFLICT_RETRIES = 8;
const NEWEST_FIRST: PageOrder = { field: 'assignedAt', direction: -1 };

/** The reviews collection: one document per (proposal, reviewer), looked up by `_id`. */
@Injectable()
export class ReviewRepository {
  constructor(@InjectModel(REVIEW_MODEL) private readonly reviews: Model<ReviewDocument>) {}

  findById(id: string): Promise<ReviewDocument | null> {
    return this.reviews.findById(id).lean<ReviewDocument>().exec();
  }

  /** Every review of a proposal, in reviewer order. */
  panelOf(proposalId: string): Promise<ReviewDocument[]> {
    return this.reviews.find({ proposalId }).sort({ reviewerId: 1 }).lean<ReviewDocument[]>().exec();
  }

  forReviewer(reviewerId: string, page: PageRequest): Promise<Page<ReviewDocument>> {
    return readPage(page, NEWEST_FIRST, { reviewerId }, ({ filter, sort, limit }) =>
      this.reviews.find(filter).sort(sort).limit(limit).lean<ReviewDocument[]>().exec(),
    );
  }

  /** Creates the review unless it exists (a repeated assignment changes nothing); true when it created it. */
  async assign(review: NewReview): Promise<boolean> {
    const { _id, ...fields } = review;
    const now = new Date();
    // The driver's collection, so that Mongoose adds nothing to the insert-only update.
    const result = await (this.reviews.collection as unknown as mongo.Collection<{ _id: string }>).updateOne(
      { _id },
      { $setOnInsert: { ...withoutUndefined(fields), scoreRevisions: 0, version: 0, createdAt: now, updatedAt: now } },
      { upsert: true },
    );
    return result.upsertedCount === 1;
  }

  /** Undoes assignments this request created when the proposal refused them (no multi-document transactions). */
  async unassign(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.reviews.deleteMany({ _id: { $in: ids }, scoreRevisions: 0 });
  }

  /** Read, decide, write guarded by `version`, retried on a concurrent change; null when the review does not exist. */
  async modify<R>(id: string, decide: (current: ReviewDocument) => { change: ReviewChange | null; result: R }): Promise<R | null> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const current = await this.findById(id);
      if (!current) return null;
      const { change, result } = decide(current);
      if (!change) return result;
      const update = await this.reviews.updateOne({ _id: id, version: current.version }, { $set: change, $inc: { version: 1 } });
      if (update.matchedCount === 1) return result;
    }
    throw new ConflictError('the review is being changed by many requests at once; try again');
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
