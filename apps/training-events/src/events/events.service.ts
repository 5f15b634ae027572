import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, UnprocessableError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { deterministicUuid, isDuplicateKeyError } from '@ctip/persistence';
import { CascadeTrainerCheck } from '../cascade/cascade-trainer.check';
import { TrainingDirectoryRepository } from '../directory-view/training-directory.repository';
import { RegistrationSync } from '../participants/registration-sync';
import { RegistrationRepository } from '../participants/registration.repository';
import { NOTIFIED_STATES } from '../participants/registration.schema';
import { RegistrationsService, assertScheduled } from '../participants/registrations.service';
import { SeatLedgerRules } from '../participants/seat-ledger';
import { reminderRulesOf } from '../reminders/event-settings';
import { ReminderPlanningService } from '../reminders/reminder-planning.service';
import { checkReferences, normaliseContent } from './event-content';
import { versionedChanges } from './event-changes';
import { organisingOrganisation, requireManaged } from './event-access.policy';
import type { EventContentInput, UpdateEventInput } from './event.dto';
import { TrainingEventRepository } from './training-event.repository';
import type { TrainingEventDocument } from './training-event.schema';
import { TrainingNotices } from './training-notices';

const URGENT_WITHIN_MS = 48 * 3600_000;

/** The organiser's side of an event: create it, change it (versioned, with change notices), cancel it. */
@Injectable()
export class EventsService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly directory: TrainingDirectoryRepository,
    private readonly notices: TrainingNotices,
    private readonly seats: RegistrationsService,
    private readonly sync: RegistrationSync,
    private readonly reminders: ReminderPlanningService,
    private readonly cascade: CascadeTrainerCheck,
  ) {}

  async create(
    input: EventContentInput,
    principal: Principal,
    key: string | undefined,
  ): Promise<{ event: TrainingEventDocument; created: boolean }> {
    const organisationId = organisingOrganisation(principal);
    const id = deterministicUuid('training-event', scopedIdempotencyKey(principal.subject, key));
    const existing = await this.events.findById(id);
    if (existing) return { event: existing, created: false };
    const organisation = await this.directory.findOrganisation(organisationId);
    if (!organisation?.active)
      throw new UnprocessableError('your organisation is not in the directory', [
        { field: 'org', reason: `${organisationId} is not an active organisation of the directory` },
      ]);
    const content = normaliseContent(input);
    await checkReferences(content, id, this.directory, this.cascade);
    try {
      await this.events.insert({
        _id: id,
        ...content,
        organisationId,
        state: 'scheduled',
        version: 1,
        revision: 1,
        seats: { confirmed: [], waitlist: [], offers: [] },
        nominationRequests: [],
        nominations: [],
        invitationIds: [],
        demo: false,
        createdBy: principal.subject,
        outbox: [],
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.events.findById(id);
      if (!winner) throw error;
      return { event: winner, created: false };
    }
    return { event: (await this.events.findById(id))!, created: true };
  }

  /**
   * Replaces the event's content. A change of time, venue or agenda is a new version with a change notice
   * to everyone invited or registered; other edits only move the revision. More capacity offers the new
   * seats to the waitlist; less than the seats held or offered is a 409.
   */
  async update(id: string, input: UpdateEventInput, principal: Principal): Promise<TrainingEventDocument> {
    const current = requireManaged(await this.events.findById(id), id, principal, false);
    assertScheduled(current);
    const { revision, ...fields } = input;
    requireRevision(current, revision);
    const content = normaliseContent(fields);
    await checkReferences(content, id, this.directory, this.cascade);
    const recipients = (await this.registrations.findOfEvent(id, NOTIFIED_STATES)).map((r) => r.participantId);
    const now = new Date();
    const decided = await this.events.modify(id, (latest) => {
      assertScheduled(latest);
      requireRevision(latest, revision);
      const held = latest.seats.confirmed.length + latest.seats.offers.length;
      if (content.capacity < held)
        throw new ConflictError(`capacity ${content.capacity} is below the ${held} seats held or offered`, {
          held,
          capacity: latest.capacity,
        });
      const changes = versionedChanges(latest, content);
      const next: TrainingEventDocument = { ...latest, ...content, version: latest.version + (changes.length > 0 ? 1 : 0) };
      const fill = SeatLedgerRules.fill(latest.seats, content.capacity, this.seats.offerMaker(latest, now));
      const events = [
        ...(changes.length > 0 && recipients.length > 0 ? this.notices.changed(next, changes, latest, recipients, now) : []),
        ...fill.offered.map((offer) => this.notices.offered(next, offer, now)),
      ];
      const unset = (['description', 'venue', 'registrationDeadline', 'cascadeFromEventId'] as const).filter(
        (f) => content[f] === undefined,
      );
      const change = { set: { ...content, version: next.version, seats: fill.seats }, unset: [...unset], events };
      return { change, result: { offered: fill.offered, previousRules: reminderRulesOf(latest) } };
    });
    if (decided && decided.offered.length > 0)
      await this.sync.follow(
        id,
        decided.offered.map((o) => o.participantId),
      );
    if (decided) await this.reminders.followRules(id, decided.previousRules);
    return (await this.events.findById(id))!;
  }

  /** Cancelling is a state: notices to everyone invited or registered, urgent within 48 h of the start. */
  async cancel(id: string, principal: Principal): Promise<TrainingEventDocument> {
    const current = requireManaged(await this.events.findById(id), id, principal, false);
    assertScheduled(current);
    const recipients = (await this.registrations.findOfEvent(id, NOTIFIED_STATES)).map((r) => r.participantId);
    const now = new Date();
    await this.events.modify(id, (latest) => {
      assertScheduled(latest);
      const urgent = new Date(latest.startsAt).getTime() - now.getTime() <= URGENT_WITHIN_MS;
      const cancelled: TrainingEventDocument = { ...latest, state: 'cancelled' };
      const events = recipients.length > 0 ? this.notices.cancelled(cancelled, urgent, recipients, now) : [];
      return { change: { set: { state: 'cancelled', cancelledAt: now }, events }, result: undefined };
    });
    return (await this.events.findById(id))!;
  }
}

function requireRevision(current: TrainingEventDocument, sent: number): void {
  if (sent === current.revision) return;
  throw new ConflictError(
    `event ${current._id} is at revision ${current.revision} but the request was based on revision ${sent}: read it again, reapply the change and send revision ${current.revision}`,
    { revision: current.revision },
  );
}
