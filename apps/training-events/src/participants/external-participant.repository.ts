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
    try {
      await this.participants.create(document);
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    await this.outbox.publishNow(this.participants, document._id, document.outbox);
    return true;
  }

  /** Removes the personal data (name, email, phone) once, with the erasure event; false if already erased. */
  async erase(id: string, entry: OutboxEntry, at: Date): Promise<boolean> {
    const result = await this.participants.updateOne(
      { _id: id, erasedAt: { $exists: false } },
      { $unset: { displayName: '', email: '', phone: '' }, $set: { erasedAt: at }, $inc: { revision: 1 }, $push: { outbox: entry } },
    );
    if (result.matchedCount !== 1) return false;
    await this.outbox.publishNow(this.participants, id, [entry]);
    return true;
  }
}
