import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { NotFoundError } from '@ctip/errors';
import { requireEvent, requireManager } from '../attendance/event-access';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { RegistrationRepository } from '../participants/registration.repository';
import { registrationId } from '../participants/registration.schema';
import { cascadeReport, downstreamOf, type CascadeEvent, type CascadeReportView, type ReachedPerson } from './cascade-report';
import { CascadeTrainerCheck } from './cascade-trainer.check';

/** Deep enough for any real cascade (trainers training trainers); stops a runaway walk. */
const MAX_DEPTH = 10;

const asCascadeEvent = (event: TrainingEventDocument): CascadeEvent => ({
  eventId: event._id,
  kind: event.kind,
  ...(event.cascadeFromEventId ? { cascadeFromEventId: event.cascadeFromEventId } : {}),
  startsAt: new Date(event.startsAt).toISOString(),
  ...(event.venue?.country ? { country: event.venue.country } : {}),
  cancelled: event.state === 'cancelled',
});

/**
 * The training-of-trainers cascade: the events whose trainers were trained at it (recursively) and the
 * people those events reached, by country and professional group, counted from the registrations'
 * snapshots (no name is read).
 */
@Injectable()
export class CascadeService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly trainers: CascadeTrainerCheck,
  ) {}

  async report(rootId: string, principal: Principal): Promise<CascadeReportView> {
    const root = requireEvent(await this.events.findById(rootId), rootId);
    if (root.kind !== 'training-of-trainers') throw new NotFoundError(`${rootId} is not a training-of-trainers`);
    requireManager(root, principal);
    const documents = await this.collect(rootId);
    const downstream = downstreamOf(rootId, documents.map(asCascadeEvent));
    const reached = new Map<string, ReachedPerson[]>();
    for (const { event } of downstream) {
      const doc = documents.find((d) => d._id === event.eventId)!;
      const registrations = await this.registrations.findManyByIds(doc.seats.confirmed.map((p) => registrationId(doc._id, p)));
      reached.set(
        doc._id,
        registrations.map((r) => ({
          participantId: r.participantId,
          ...(r.participant.country ? { country: r.participant.country } : {}),
          audiences: r.participant.audiences,
        })),
      );
    }
    const report = cascadeReport(rootId, downstream, reached);
    const downstreamEvents = await Promise.all(
      report.downstreamEvents.map(async (event) => {
        const doc = documents.find((d) => d._id === event.eventId)!;
        const trainerIds = doc.sessions.flatMap((s) => s.trainerIds);
        return { ...event, trainersTrainedThere: (await this.trainers.problems(event.cascadeFromEventId, trainerIds)).length === 0 };
      }),
    );
    return { ...report, downstreamEvents };
  }

  /** The events cascading from the root, step by step (a query on `cascadeFromEventId` per step, per request). */
  private async collect(rootId: string): Promise<TrainingEventDocument[]> {
    const found = new Map<string, TrainingEventDocument>();
    let frontier = [rootId];
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth += 1) {
      const children = await this.events.model
        .find({ cascadeFromEventId: { $in: frontier } })
        .select({ outbox: 0 })
        .lean<TrainingEventDocument[]>()
        .exec();
      frontier = children.filter((c) => !found.has(c._id) && c._id !== rootId).map((c) => c._id);
      for (const child of children) found.set(child._id, child);
    }
    return [...found.values()];
  }
}
