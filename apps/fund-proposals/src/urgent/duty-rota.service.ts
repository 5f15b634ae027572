import { Injectable } from '@nestjs/common';
import { dutyLadder } from '@ctip/duty-roster';
import { NotFoundError, UnprocessableError, type FieldProblem } from '@ctip/errors';
import { FundDirectory } from '../directory-view/fund-directory';
import type { DutyRotaView, OnDutyView, PutDutyRota } from './duty-rota.dto';
import { DutyRotaRepository } from './duty-rota.repository';

/**
 * Who the fast-track alerts: with a rota, the officer on duty at once, the backups too at half the SLA,
 * the rota's head of unit when it expires (absences and cover applied, as for a field presence's duty
 * roster); without one, every fund officer and every head of unit, as before a rota existed.
 */
@Injectable()
export class DutyRotaService {
  constructor(
    private readonly rotas: DutyRotaRepository,
    private readonly directory: FundDirectory,
  ) {}

  async get(): Promise<DutyRotaView> {
    const rota = await this.rotas.find();
    if (!rota) throw new NotFoundError('no duty rota for urgent requests yet: every fund officer is alerted');
    return rota;
  }

  async put(body: PutDutyRota): Promise<DutyRotaView> {
    const { revision, ...rota } = body;
    await this.requireStaff(rota);
    return this.rotas.save(rota, revision);
  }

  async onDuty(at = new Date()): Promise<OnDutyView> {
    const rota = await this.rotas.find();
    const [officers, heads] = await Promise.all([this.ids('fund-officer'), this.ids('head-of-unit')]);
    const orElse = (chosen: string[], ...fallbacks: string[][]) => [chosen, ...fallbacks].find((ids) => ids.length > 0) ?? [];
    if (rota) {
      const ladder = dutyLadder(
        {
          primaryFocalPointId: rota.primaryOfficerId,
          backupIds: rota.backupIds,
          headOfMissionId: rota.headOfUnitId,
          absences: rota.absences,
        },
        at,
      );
      const onDuty = ladder.onDuty !== undefined ? [ladder.onDuty] : [];
      if (onDuty.length > 0) {
        const head = ladder.headOfMission !== undefined ? [ladder.headOfMission] : [];
        return {
          at: at.toISOString(),
          source: 'rota',
          requested: onDuty,
          reminder: [...onDuty, ...ladder.backups],
          expired: orElse(head, heads, officers),
        };
      }
    }
    // No rota, or everybody on it away: nobody may be left unalerted.
    return {
      at: at.toISOString(),
      source: 'all-officers',
      requested: orElse(officers, heads),
      reminder: orElse(officers, heads),
      expired: orElse(heads, officers),
    };
  }

  /** Everyone named must be active fund staff of the unit in the role their place needs. */
  private async requireStaff(rota: Omit<PutDutyRota, 'revision'>): Promise<void> {
    const officers = new Set(await this.ids('fund-officer'));
    const heads = new Set(await this.ids('head-of-unit'));
    const problems: FieldProblem[] = [];
    const officer = (field: string, id: string | undefined) => {
      if (id !== undefined && !officers.has(id)) problems.push({ field, reason: `${id} is not an active fund officer of the unit` });
    };
    officer('primaryOfficerId', rota.primaryOfficerId);
    rota.backupIds.forEach((id, i) => {
      officer(`backupIds.${i}`, id);
      if (id === rota.primaryOfficerId || rota.backupIds.indexOf(id) !== i)
        problems.push({ field: `backupIds.${i}`, reason: `${id} is on the rota twice` });
    });
    if (rota.headOfUnitId !== undefined && !heads.has(rota.headOfUnitId))
      problems.push({ field: 'headOfUnitId', reason: `${rota.headOfUnitId} is not an active head of unit` });
    const onRota = new Set([rota.primaryOfficerId, ...rota.backupIds, ...(rota.headOfUnitId ? [rota.headOfUnitId] : [])]);
    rota.absences.forEach((absence, i) => {
      if (Date.parse(absence.to) <= Date.parse(absence.from)) problems.push({ field: `absences.${i}.to`, reason: 'must be after from' });
      if (!onRota.has(absence.personId))
        problems.push({ field: `absences.${i}.personId`, reason: `${absence.personId} is not on the rota` });
      officer(`absences.${i}.coveredBy`, absence.coveredBy);
    });
    if (problems.length > 0) throw new UnprocessableError('the duty rota names people who cannot take that place', problems);
  }

  private async ids(role: string): Promise<string[]> {
    return (await this.directory.unitPeople(role)).map((p) => p.personId);
  }
}
