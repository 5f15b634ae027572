import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { RevisionedStore } from '@ctip/persistence';
import { Model } from 'mongoose';
import { membersOf } from './roster-rules';
import { ROSTER_MODEL, type RosterRecord, type RosterState } from './roster.schema';

@Injectable()
export class RosterRepository implements OnModuleInit {
  private readonly store: RevisionedStore<RosterRecord>;

  constructor(
    @InjectModel(ROSTER_MODEL) private readonly model: Model<RosterRecord>,
    outbox: Outbox,
  ) {
    this.store = new RevisionedStore(model, outbox, 'roster');
  }

  onModuleInit(): void {
    this.store.track();
  }

  findById(presenceId: string): Promise<RosterRecord | null> {
    return this.store.findById(presenceId);
  }

  /** Ids of the presences whose roster names this person anywhere (duty, head of mission, absence, cover). */
  async findNaming(personId: string): Promise<string[]> {
    const rosters = await this.model.find({ members: personId }).select({ _id: 1 }).lean<{ _id: string }[]>().exec();
    return rosters.map((roster) => roster._id);
  }

  /** Refuses a change based on a stale revision: 409 naming the current one. */
  requireRevision(current: RosterRecord, sent: number | undefined): void {
    this.store.requireRevision(current, sent);
  }

  insert(presenceId: string, state: RosterState, entry: OutboxEntry): Promise<void> {
    return this.store.insert(presenceId, { ...state, members: membersOf(state) }, entry);
  }

  replace(current: RosterRecord, state: RosterState, entry: OutboxEntry): Promise<void> {
    return this.store.replace(current, { ...state, members: membersOf(state) }, entry);
  }
}
