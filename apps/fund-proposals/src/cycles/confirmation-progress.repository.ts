import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import type { FundCycleDocument } from './fund-cycle.schema';

interface ConfirmationProgress {
  _id: string;
  /** The rank of the last slate line whose decision, project and event are written (lines go in rank order). */
  applied: number;
  updatedAt: Date;
}

/**
 * How far a slate's confirmation has got, kept apart from the cycle: the cycle's document holds every
 * commitment of its quarter, and saving the progress in it after each batch rewrote all of it (on FerretDB
 * 320 ms a batch with 4,000 approvals, a third of a 10,000-line confirmation).
 */
@Injectable()
export class ConfirmationProgressRepository {
  private readonly progress: mongo.Collection<ConfirmationProgress>;

  constructor(@InjectConnection() connection: Connection) {
    this.progress = connection.collection<ConfirmationProgress>('fund_confirmation_progress');
  }

  async applied(cycleId: string): Promise<number> {
    return (await this.progress.findOne({ _id: cycleId }))?.applied ?? 0;
  }

  async save(cycleId: string, applied: number): Promise<void> {
    await this.progress.updateOne({ _id: cycleId }, { $set: { applied, updatedAt: new Date() } }, { upsert: true });
  }

  /** The cycle with its confirmation's progress while it is being confirmed (the cycle holds the final count). */
  async current(cycle: FundCycleDocument): Promise<FundCycleDocument> {
    if (cycle.status !== 'confirming' || !cycle.confirmation) return cycle;
    return { ...cycle, confirmation: { ...cycle.confirmation, applied: await this.applied(cycle._id) } };
  }
}
