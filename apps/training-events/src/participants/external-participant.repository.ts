import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { isDuplicateKeyError } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { EXTERNAL_PARTICIPANT_MODEL, type ExternalParticipantDocument } from './external-participant.schema';

/** External participants' records; their outbox carries the sealed contact point and its erasure. */
@Injectable()
export class ExternalParticipantRepository implements OnModuleInit {
  constructor(
    @InjectModel(EXTERNAL_PARTICIPANT_MODEL) private readonly participants: Model<ExternalParticipantDocument>,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.outbox.track(this.participants);
  }

  findById(id: string): Promise<ExternalParticipantDocument | null> {
    return this.participants.findById(id).select({ outbox: 0 }).lean<ExternalParticipantDocument>().exec();
  }

  /** Inserts the record with its outbox and publishes it; false when the id exists (a retried request). */
  async insert(document: Omit<ExternalParticipantDocument, 'createdAt' | 'updatedAt'>): Promise<boolean> {
    const write = async () => {
      try {
        await this.participants.create(document);
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    };
    return this.outbox.store(this.participants, document._id, document.outbox, write);
  }

  /** Removes the personal data (name, email, phone) once, with the erasure event; false if already erased. */
  async erase(id: string, entry: OutboxEntry, at: Date): Promise<boolean> {
    const write = async () => {
      const result = await this.participants.updateOne(
        { _id: id, erasedAt: { $exists: false } },
        { $unset: { displayName: '', email: '', phone: '' }, $set: { erasedAt: at }, $inc: { revision: 1 }, $push: { outbox: entry } },
      );
      return result.matchedCount === 1;
    };
    return this.outbox.store(this.participants, id, [entry], write);
  }
}
