import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { Model } from 'mongoose';
import { RevisionedStore } from '../common/revisioned-store';
import { membersOf } from './roster-rules';
import { ROSTER_MODEL, type RosterRecord, type RosterState } from './roster.schema';

@Injectable()
export class RosterRepository implements OnModuleInit {
  private readonly store: RevisionedStore<RosterRecord>;

  constructor(
    @InjectModel(ROSTER_MODEL) private readonly model: Model<RosterRecord>,
    outbox: Outbox,
  ) {
    this.store = new RevisionedStore(model, outbox);
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

  insert(presenceId: string, state: RosterState, entry: OutboxEntry): Promise<boolean> {
    return this.store.insert({ _id: presenceId, ...state, members: membersOf(state), revision: 1 }, entry);
  }

  replace(presenceId: string, basedOn: number, state: RosterState, entry: OutboxEntry): Promise<boolean> {
    return this.store.replace(presenceId, basedOn, { ...state, members: membersOf(state) }, entry);
  }
}
