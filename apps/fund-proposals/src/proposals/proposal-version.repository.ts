import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ConflictError } from '@ctip/errors';
import { readPage, type Page, type PageRequest } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { ProposalContent } from './proposal.schema';

/** A submitted version, frozen: `_id` is `${proposalId}/v${number}`. */
export interface ProposalVersion {
  _id: string;
  proposalId: string;
  number: number;
  /** The proposal's content revision this version froze. */
  revision: number;
  content: ProposalContent;
  submittedBy: string;
  submittedAt: Date;
}

export const versionIdOf = (proposalId: string, number: number) => `${proposalId}/v${number}`;

const BY_NUMBER = { field: 'number', direction: 1 } as const;

/**
 * The frozen versions. A version is written before the proposal records it as submitted (no
 * transactions): a version the proposal does not yet count is a leftover of a submission that failed
 * after writing it, and the next submission of that number replaces it.
 */
@Injectable()
export class ProposalVersionRepository {
  private readonly versions: mongo.Collection<ProposalVersion>;

  constructor(@InjectConnection() connection: Connection) {
    this.versions = connection.collection<ProposalVersion>('proposal_versions');
  }

  /**
   * Stores `version`, replacing an uncounted leftover of the same number (`countedUpTo` is the proposal's
   * submittedVersion, below this number). Two submissions racing for one number both write here, but
   * only the one whose revision is still current passes the proposal's guarded write afterwards.
   */
  async freeze(version: ProposalVersion, countedUpTo: number): Promise<void> {
    await this.versions.updateOne({ _id: version._id }, { $setOnInsert: version }, { upsert: true });
    const stored = await this.versions.findOne({ _id: version._id });
    if (stored?.revision === version.revision) return;
    if (!stored) throw new ConflictError(`version ${version.number} is being submitted by another request`, { version: countedUpTo });
    const replaced = await this.versions.replaceOne({ _id: version._id, revision: stored.revision }, version);
    if (replaced.matchedCount !== 1)
      throw new ConflictError(`version ${version.number} is being submitted by another request at the same moment`, {
        version: countedUpTo,
      });
  }

  find(proposalId: string, number: number): Promise<ProposalVersion | null> {
    return this.versions.findOne({ _id: versionIdOf(proposalId, number) });
  }

  /** The first `count` versions of a proposal, looked up by `_id`, in order. */
  page(proposalId: string, count: number, request: PageRequest): Promise<Page<Omit<ProposalVersion, 'content'>>> {
    const ids = Array.from({ length: count }, (_, i) => versionIdOf(proposalId, i + 1));
    return readPage(request, BY_NUMBER, { _id: { $in: ids } }, ({ filter, sort, limit }) =>
      this.versions.find(filter as mongo.Filter<ProposalVersion>, { sort, limit, projection: { content: 0 } }).toArray(),
    );
  }
}
