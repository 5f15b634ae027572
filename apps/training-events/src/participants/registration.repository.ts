import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isDuplicateKeyError } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { REGISTRATION_MODEL, registrationRange, type RegistrationDocument, type RegistrationState } from './registration.schema';

export type NewRegistration = Omit<RegistrationDocument, 'revision' | 'createdAt' | 'updatedAt'>;

/** Registrations of participants to events; an event's are read as an `_id` range. */
@Injectable()
export class RegistrationRepository {
  constructor(@InjectModel(REGISTRATION_MODEL) private readonly registrations: Model<RegistrationDocument>) {}

  get model(): Model<RegistrationDocument> {
    return this.registrations;
  }

  findById(id: string): Promise<RegistrationDocument | null> {
    return this.registrations.findById(id).lean<RegistrationDocument>().exec();
  }

  findManyByIds(ids: string[]): Promise<RegistrationDocument[]> {
    return this.registrations
      .find({ _id: { $in: ids } })
      .lean<RegistrationDocument[]>()
      .exec();
  }

  /** All registrations of an event (optionally in some states), in participant id order. */
  findOfEvent(eventId: string, states?: readonly RegistrationState[]): Promise<RegistrationDocument[]> {
    const filter: Record<string, unknown> = { _id: registrationRange(eventId) };
    if (states) filter.state = { $in: states };
    return this.registrations.find(filter).sort({ _id: 1 }).lean<RegistrationDocument[]>().exec();
  }

  /** The events a participant is registered for or invited to (ids). */
  async eventIdsOf(participantId: string): Promise<string[]> {
    const rows = await this.registrations.find({ participantId }).select({ eventId: 1 }).lean<{ eventId: string }[]>().exec();
    return rows.map((r) => r.eventId);
  }

  /** Inserts those not registered yet; returns the ids inserted now. An existing registration is left as it is. */
  async insertNew(registrations: NewRegistration[]): Promise<string[]> {
    if (registrations.length === 0) return [];
    const existing = new Set((await this.findManyByIds(registrations.map((r) => r._id))).map((r) => r._id));
    const fresh = registrations.filter((r) => !existing.has(r._id));
    const inserted: string[] = [];
    for (let i = 0; i < fresh.length; i += 500) {
      const chunk = fresh.slice(i, i + 500);
      try {
        await this.registrations.insertMany(chunk, { ordered: false });
        inserted.push(...chunk.map((r) => r._id));
      } catch (error) {
        if (!isDuplicateKeyError(error) && !hasOnlyDuplicateErrors(error)) throw error;
        // Another request registered some of them at the same moment: keep the ones this one wrote.
        const written = (error as { insertedDocs?: { _id: string }[] }).insertedDocs ?? [];
        inserted.push(...written.map((d) => d._id));
      }
    }
    return inserted;
  }

  /** Sets what the ledger at `ledgerRevision` says, unless a newer ledger was followed already. */
  async follow(
    id: string,
    ledgerRevision: number,
    set: Partial<RegistrationDocument>,
    unset: (keyof RegistrationDocument)[] = [],
  ): Promise<void> {
    const removed = Object.fromEntries(unset.map((field) => [field, '']));
    await this.registrations.updateOne(
      { _id: id, $or: [{ ledgerRevision: { $exists: false } }, { ledgerRevision: { $lt: ledgerRevision } }] },
      { $set: { ...set, ledgerRevision }, $inc: { revision: 1 }, ...(unset.length > 0 ? { $unset: removed } : {}) } as never,
    );
  }

  /** Sets fields of one registration (it follows the ledger's decision); `unset` removes fields. */
  async update(id: string, set: Partial<RegistrationDocument>, unset: (keyof RegistrationDocument)[] = []): Promise<void> {
    const removed = Object.fromEntries(unset.map((field) => [field, '']));
    await this.registrations.updateOne({ _id: id }, {
      $set: set,
      $inc: { revision: 1 },
      ...(unset.length > 0 ? { $unset: removed } : {}),
    } as never);
  }
}

function hasOnlyDuplicateErrors(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  return Array.isArray(writeErrors) && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
}
