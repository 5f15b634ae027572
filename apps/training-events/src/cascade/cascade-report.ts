import { z } from 'zod';

/** An event as the cascade sees it. */
export interface CascadeEvent {
  eventId: string;
  kind: string;
  cascadeFromEventId?: string;
  startsAt: string;
  country?: string;
  cancelled: boolean;
}

/** A person reached by a downstream event: where they work and their professional groups, never who they are. */
export interface ReachedPerson {
  participantId: string;
  country?: string;
  audiences: readonly string[];
}

const countsSchema = z.record(z.string(), z.number().int());

export const cascadeReportSchema = z.object({
  trainingOfTrainersId: z.string(),
  downstreamEvents: z.array(
    z.object({
      eventId: z.string(),
      kind: z.string(),
      cascadeFromEventId: z.string(),
      depth: z
        .number()
        .int()
        .min(1)
        .describe('1 for an event trained by people of the training-of-trainers itself, 2 for the next step, …'),
      startsAt: z.string(),
      country: z.string().optional(),
      peopleReached: z.number().int(),
    }),
  ),
  peopleReached: z.object({
    total: z.number().int().describe('Distinct people confirmed at any downstream event (a person at two events counts once).'),
    byCountry: countsSchema.describe('ISO country of the person’s organisation; `unknown` when it has none.'),
    byAudience: countsSchema.describe('A person in two professional groups counts in each; `unspecified` when in none.'),
  }),
});
export type CascadeReport = z.output<typeof cascadeReportSchema>;

/** The events that cascade from `rootId`, breadth first with their depth; cancelled events and cycles are left out. */
export function downstreamOf(rootId: string, events: readonly CascadeEvent[]): { event: CascadeEvent; depth: number }[] {
  const children = new Map<string, CascadeEvent[]>();
  for (const event of events) {
    if (!event.cascadeFromEventId || event.cancelled) continue;
    children.set(event.cascadeFromEventId, [...(children.get(event.cascadeFromEventId) ?? []), event]);
  }
  const seen = new Set([rootId]);
  const found: { event: CascadeEvent; depth: number }[] = [];
  let frontier = [rootId];
  for (let depth = 1; frontier.length > 0; depth += 1) {
    const next: string[] = [];
    for (const parent of frontier) {
      const sorted = [...(children.get(parent) ?? [])].sort(
        (a, b) => a.startsAt.localeCompare(b.startsAt) || a.eventId.localeCompare(b.eventId),
      );
      for (const child of sorted) {
        if (seen.has(child.eventId)) continue;
        seen.add(child.eventId);
        found.push({ event: child, depth });
        next.push(child.eventId);
      }
    }
    frontier = next;
  }
  return found;
}

/** Counts only: the downstream events and the people they reached by country and professional group. */
export function cascadeReport(
  rootId: string,
  downstream: readonly { event: CascadeEvent; depth: number }[],
  reachedByEvent: ReadonlyMap<string, readonly ReachedPerson[]>,
): CascadeReport {
  const people = new Map<string, ReachedPerson>();
  const downstreamEvents = downstream.map(({ event, depth }) => {
    const reached = reachedByEvent.get(event.eventId) ?? [];
    for (const person of reached) people.set(person.participantId, person);
    return {
      eventId: event.eventId,
      kind: event.kind,
      cascadeFromEventId: event.cascadeFromEventId!,
      depth,
      startsAt: event.startsAt,
      ...(event.country ? { country: event.country } : {}),
      peopleReached: new Set(reached.map((p) => p.participantId)).size,
    };
  });
  const byCountry: Record<string, number> = {};
  const byAudience: Record<string, number> = {};
  for (const person of people.values()) {
    const country = person.country ?? 'unknown';
    byCountry[country] = (byCountry[country] ?? 0) + 1;
    const audiences = person.audiences.length > 0 ? new Set(person.audiences) : new Set(['unspecified']);
    for (const audience of audiences) byAudience[audience] = (byAudience[audience] ?? 0) + 1;
  }
  return { trainingOfTrainersId: rootId, downstreamEvents, peopleReached: { total: people.size, byCountry, byAudience } };
}

export const cascadeReportViewSchema = cascadeReportSchema.extend({
  downstreamEvents: z.array(
    cascadeReportSchema.shape.downstreamEvents.element.extend({
      trainersTrainedThere: z
        .boolean()
        .describe('Every trainer of the event held a seat at the event it cascades from and reached its attendance threshold.'),
    }),
  ),
});
export type CascadeReportView = z.output<typeof cascadeReportViewSchema>;
