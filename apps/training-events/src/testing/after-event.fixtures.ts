import { loadConfig } from '@ctip/config';
import type { TrainingRegistrationConfirmed } from '@ctip/contracts';
import { EventProducer } from '@ctip/messaging';
import type { ServiceUnderTest } from '@ctip/testing';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { TrainingDirectoryRepository } from '../directory-view/training-directory.repository';
import { eventFacts } from '../events/event-facts';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { EventSession, TrainingAudience, TrainingEventDocument } from '../events/training-event.schema';
import { RegistrationRepository } from '../participants/registration.repository';
import { registrationId } from '../participants/registration.schema';
import type { ReminderRule } from '../reminders/reminder-rule';

/** The service's root module from a test's environment (ServiceUnderTest's `module`). */
export const trainingModule = (env: Record<string, string | undefined>) => AppModule.forRoot(loadConfig(configSchema, env));

/** An event as the core module stores it, plus the settings this part reads (`reminders`, `attendanceThreshold`). */
export type AfterEventFixture = TrainingEventDocument & { reminders?: ReminderRule[]; attendanceThreshold?: number };

let sequence = 0;
const HOUR = 3_600_000;

/**
 * An event document as the events and participants modules would have left it (this part builds
 * neither): by default a two-day training in Turkmenbashy that starts in three days, nobody seated.
 */
export function eventFixture(run: string, overrides: Partial<AfterEventFixture> = {}): AfterEventFixture {
  sequence += 1;
  const startsAt = overrides.startsAt ?? new Date(Date.now() + 72 * HOUR);
  const endsAt = overrides.endsAt ?? new Date(startsAt.getTime() + 32 * HOUR);
  return {
    _id: `ev-${run}-${sequence}`,
    kind: 'training',
    title: { en: 'Identifying and assisting victims of trafficking', ru: 'Выявление жертв торговли людьми и помощь им' },
    organisationId: `org-${run}`,
    venue: { city: 'Turkmenbashy', country: 'TM', timeZone: 'Asia/Ashgabat' },
    online: false,
    timeZone: 'Asia/Ashgabat',
    startsAt,
    endsAt,
    workingLanguages: ['en', 'ru'],
    interpretation: [],
    sessions: [],
    materials: [],
    audiences: ['ngo-representatives'],
    capacity: 50,
    state: 'scheduled',
    version: 1,
    revision: 1,
    seats: { confirmed: [], waitlist: [], offers: [] },
    nominationRequests: [],
    nominations: [],
    invitationIds: [],
    demo: false,
    createdBy: `organiser-${run}`,
    outbox: [],
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

/** Sessions of an hour each, `hoursApart` apart, from the event's start. */
export function sessionsFixture(startsAt: Date, count: number, trainerIds: string[] = [], hoursApart = 2): EventSession[] {
  return Array.from({ length: count }, (_, i) => ({
    sessionId: `s${i + 1}`,
    startsAt: new Date(startsAt.getTime() + i * hoursApart * HOUR),
    endsAt: new Date(startsAt.getTime() + (i * hoursApart + 1) * HOUR),
    title: { en: `Session ${i + 1}`, ru: `Сессия ${i + 1}` },
    trainerIds,
  }));
}

export interface SeatedParticipant {
  participantId: string;
  timeZone: string;
  language?: string;
  country?: string;
  audiences?: TrainingAudience[];
}

/** Stores the event as is (its extra settings too) and the confirmed registrations of its participants. */
export async function seedEvent(
  service: ServiceUnderTest,
  event: AfterEventFixture,
  participants: SeatedParticipant[] = [],
): Promise<void> {
  const seated = { ...event, seats: { ...event.seats, confirmed: participants.map((p) => p.participantId) } };
  await service.nest.get(TrainingEventRepository, { strict: false }).model.collection.insertOne(seated as never);
  await service.nest.get(RegistrationRepository, { strict: false }).insertNew(
    participants.map((p) => ({
      _id: registrationId(event._id, p.participantId),
      eventId: event._id,
      participantId: p.participantId,
      external: p.participantId.startsWith('ext-'),
      state: 'confirmed',
      source: { kind: 'invitation', id: `inv-${event._id}` },
      participant: {
        language: p.language ?? 'en',
        timeZone: p.timeZone,
        ...(p.country ? { country: p.country } : {}),
        audiences: p.audiences ?? [],
      },
    })),
  );
}

/** Changes the stored event as the core module's write would (no event published). */
export async function updateEvent(
  service: ServiceUnderTest,
  eventId: string,
  set: Record<string, unknown>,
): Promise<TrainingEventDocument> {
  const events = service.nest.get(TrainingEventRepository, { strict: false });
  await events.model.collection.updateOne({ _id: eventId } as never, { $set: set, $inc: { revision: 1 } });
  return (await events.findById(eventId))!;
}

/** Publishes one of the service's own events, standing in for the core module's outbox. */
export function producerOf(service: ServiceUnderTest): EventProducer {
  return service.nest.get(EventProducer, { strict: false });
}

export function confirmedPayload(event: TrainingEventDocument, participantId: string): TrainingRegistrationConfirmed {
  return {
    ...eventFacts(event),
    registrationId: registrationId(event._id, participantId),
    recipients: { personIds: [participantId] },
    at: new Date().toISOString(),
  };
}

/** Puts a person (and their organisation) into the service's directory read model, as the directory's events would. */
export async function seedPerson(
  service: ServiceUnderTest,
  person: { personId: string; organisationId: string; displayName: string; language: string; timeZone: string; country?: string },
): Promise<void> {
  const directory = service.nest.get(TrainingDirectoryRepository, { strict: false });
  await directory.saveOrganisation({
    organisationId: person.organisationId,
    kind: 'partner',
    name: `[TEST] ${person.organisationId}`,
    ...(person.country ? { country: person.country } : {}),
    countriesCovered: person.country ? [person.country] : [],
    regions: [],
    services: [],
    languages: [person.language],
    timeZone: person.timeZone,
    active: true,
    revision: 1,
    demo: false,
  });
  await directory.savePerson({
    personId: person.personId,
    organisationId: person.organisationId,
    displayName: person.displayName,
    roles: ['participant'],
    audiences: ['ngo-representatives'],
    languages: [person.language],
    timeZone: person.timeZone,
    contactPoints: [],
    active: true,
    revision: 1,
    demo: false,
  });
}
