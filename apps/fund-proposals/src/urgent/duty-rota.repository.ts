import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ConflictError } from '@ctip/errors';
import { isDuplicateKeyError } from '@ctip/persistence';
import type { Connection, mongo } from 'mongoose';
import type { DutyRotaView } from './duty-rota.dto';

type RotaDocument = DutyRotaView & { _id: string };

/** The one rota of the fast-track, by `_id`; each write is guarded by the revision it was based on. */
@Injectable()
export class DutyRotaRepository {
  private static readonly ID = 'urgent';
  private readonly rotas: mongo.Collection<RotaDocument>;

  constructor(@InjectConnection() connection: Connection) {
    this.rotas = connection.collection<RotaDocument>('fund_duty_rota');
  }

  async find(): Promise<DutyRotaView | undefined> {
    const found = await this.rotas.findOne({ _id: DutyRotaRepository.ID });
    if (!found) return undefined;
    const { _id, ...rota } = found;
    return rota;
  }

  /** Stores `rota` at `basedOn + 1`; a missing or moved revision is a conflict naming the current one. */
  async save(rota: Omit<DutyRotaView, 'revision'>, basedOn: number | undefined): Promise<DutyRotaView> {
    const current = await this.find();
    const stale = () => new ConflictError('the duty rota changed since it was read: read it again', { revision: current?.revision ?? 0 });
    if ((current?.revision ?? undefined) !== basedOn) throw stale();
    const next = { ...rota, revision: (basedOn ?? 0) + 1 };
    if (basedOn === undefined) {
      try {
        await this.rotas.insertOne({ _id: DutyRotaRepository.ID, ...next });
      } catch (error) {
        if (isDuplicateKeyError(error)) throw stale();
        throw error;
      }
    } else {
      const { matchedCount } = await this.rotas.replaceOne({ _id: DutyRotaRepository.ID, revision: basedOn }, next);
      if (matchedCount === 0) throw stale();
    }
    return next;
  }
}
