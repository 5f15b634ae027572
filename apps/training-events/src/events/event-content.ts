import { InvalidInputError, UnprocessableError, type FieldProblem } from '@ctip/errors';
import type { CascadeTrainerCheck } from '../cascade/cascade-trainer.check';
import type { TrainingDirectoryRepository } from '../directory-view/training-directory.repository';
import type { EventContentInput } from './event.dto';
import type { EventSession, TrainingEventDocument } from './training-event.schema';

/** The stored form of what an organiser writes: dates as Date, session ids given, the calendar's time zone. */
export type EventContent = Pick<
  TrainingEventDocument,
  | 'kind'
  | 'title'
  | 'description'
  | 'venue'
  | 'online'
  | 'timeZone'
  | 'startsAt'
  | 'endsAt'
  | 'workingLanguages'
  | 'interpretation'
  | 'sessions'
  | 'materials'
  | 'audiences'
  | 'capacity'
  | 'registrationDeadline'
  | 'cascadeFromEventId'
  | 'reminders'
  | 'attendanceThreshold'
>;

export function normaliseContent(input: EventContentInput): EventContent {
  const sessions: EventSession[] = input.sessions.map((s, i) => ({
    sessionId: s.sessionId ?? `s${i + 1}`,
    startsAt: new Date(s.startsAt),
    endsAt: new Date(s.endsAt),
    title: s.title,
    ...(s.room ? { room: s.room } : {}),
    trainerIds: s.trainerIds,
    ...(s.speakers ? { speakers: s.speakers } : {}),
    ...(s.workingGroup ? { workingGroup: s.workingGroup } : {}),
  }));
  const duplicates = sessions.map((s, i) => ({ s, i })).filter(({ s, i }) => sessions.findIndex((o) => o.sessionId === s.sessionId) !== i);
  if (duplicates.length > 0)
    throw new InvalidInputError(
      'invalid event',
      duplicates.map(({ i }) => ({ field: `sessions.${i}.sessionId`, reason: 'is used by another session of the event' })),
    );
  const timeZone = input.online ? input.timeZone! : input.venue!.timeZone;
  return {
    kind: input.kind,
    title: input.title,
    ...(input.description ? { description: input.description } : {}),
    ...(input.venue && !input.online ? { venue: input.venue } : {}),
    online: input.online,
    timeZone,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    workingLanguages: input.workingLanguages,
    interpretation: input.interpretation,
    sessions,
    materials: input.materials,
    audiences: input.audiences,
    capacity: input.capacity,
    ...(input.registrationDeadline ? { registrationDeadline: new Date(input.registrationDeadline) } : {}),
    ...(input.cascadeFromEventId ? { cascadeFromEventId: input.cascadeFromEventId } : {}),
    reminders: input.reminders,
    attendanceThreshold: input.attendanceThreshold,
  };
}

/**
 * References that must exist (422 naming the field): trainers in the directory and, for an event cascading
 * from a training-of-trainers, that one as such with each session's trainers trained there.
 */
export async function checkReferences(
  content: EventContent,
  eventId: string,
  directory: TrainingDirectoryRepository,
  cascade: CascadeTrainerCheck,
): Promise<void> {
  const problems: FieldProblem[] = [];
  const trainerIds = [...new Set(content.sessions.flatMap((s) => s.trainerIds))];
  const known = new Set((await directory.findPeople(trainerIds)).filter((p) => p.active).map((p) => p._id));
  content.sessions.forEach((s, i) =>
    s.trainerIds.forEach((trainerId, j) => {
      if (!known.has(trainerId))
        problems.push({ field: `sessions.${i}.trainerIds.${j}`, reason: 'is not an active person of the directory' });
    }),
  );
  if (content.cascadeFromEventId !== undefined) problems.push(...(await cascadeProblems(content, eventId, cascade)));
  if (problems.length > 0) throw new UnprocessableError('the event refers to what does not exist', problems);
}

async function cascadeProblems(content: EventContent, eventId: string, cascade: CascadeTrainerCheck): Promise<FieldProblem[]> {
  const from = content.cascadeFromEventId!;
  if (from === eventId) return [{ field: 'cascadeFromEventId', reason: 'is this event itself, not a training-of-trainers before it' }];
  const taught = content.sessions.map((s, i) => ({ s, i })).filter(({ s }) => s.trainerIds.length > 0);
  const checks =
    taught.length === 0
      ? [cascade.problems(from, [], 'sessions')]
      : taught.map(({ s, i }) => cascade.problems(from, s.trainerIds, `sessions.${i}.trainerIds`));
  const seen = new Set<string>();
  return (await Promise.all(checks)).flat().filter((p) => {
    const key = `${p.field}\n${p.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
