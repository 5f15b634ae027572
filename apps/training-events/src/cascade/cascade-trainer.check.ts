import { Injectable } from '@nestjs/common';
import type { FieldProblem } from '@ctip/errors';
import { reachesThreshold } from '../attendance/attendance-rate';
import { AttendanceService } from '../attendance/attendance.service';
import { TrainingEventRepository } from '../events/training-event.repository';

/**
 * Whether the trainers of an event were trained at the training-of-trainers it cascades from: they held
 * a seat there and their attendance reached its threshold. For the module that writes `cascadeFromEventId`
 * (422 with these problems); the cascade report shows the answer per downstream event too.
 */
@Injectable()
export class CascadeTrainerCheck {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly attendance: AttendanceService,
  ) {}

  /** Problems naming `cascadeFromEventId` or each untrained trainer (`field` is `<trainerField>` with the id); empty when fine. */
  async problems(cascadeFromEventId: string, trainerIds: readonly string[], trainerField = 'trainerIds'): Promise<FieldProblem[]> {
    const root = await this.events.findById(cascadeFromEventId);
    if (!root || root.kind !== 'training-of-trainers')
      return [{ field: 'cascadeFromEventId', reason: `${cascadeFromEventId} is not a training-of-trainers` }];
    const trainers = [...new Set(trainerIds)];
    if (trainers.length === 0) return [{ field: trainerField, reason: `an event cascading from ${cascadeFromEventId} needs its trainers` }];
    const { rates, threshold } = await this.attendance.rates(root, trainers);
    const confirmed = new Set(root.seats.confirmed);
    return rates
      .filter((r) => !confirmed.has(r.participantId) || !reachesThreshold(r, threshold))
      .map((r) => ({
        field: trainerField,
        reason: `${r.participantId} was not trained at ${cascadeFromEventId} (seat and attendance ≥ ${threshold})`,
      }));
  }
}
