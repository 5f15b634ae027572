import { eventContentSchema } from '../events/event.dto';
import { eventView } from '../events/event.view';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { DEMO_EVENT_IDS, demoTrainingEvents, type DemoEvent } from './demo-training';

/** A demo event as an organiser would have sent it through the API. */
function asRequest(demo: DemoEvent) {
  const stored = {
    ...demo,
    revision: 1,
    seats: { confirmed: [], waitlist: [], offers: [] },
    createdAt: new Date(),
    updatedAt: new Date(),
  } as unknown as TrainingEventDocument;
  const {
    eventId,
    organisationId,
    location,
    state,
    version,
    revision,
    calendar,
    seats,
    demo: isDemo,
    createdAt,
    updatedAt,
    ...content
  } = eventView(stored);
  void [eventId, organisationId, location, state, version, revision, calendar, seats, isDemo, createdAt, updatedAt];
  return content;
}

describe(demoTrainingEvents.name, () => {
  const events = demoTrainingEvents();

  it('passes the same validation as the API, each event marked demo', () => {
    for (const event of events) {
      const parsed = eventContentSchema.safeParse(asRequest(event));
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(event.demo).toBe(true);
    }
    expect(new Set(events.map((e) => e._id)).size).toBe(events.length);
  });

  it('has IOM’s two-day training in Turkmenbashy on 2–3 October 2010 for the NGO network, in Ashgabat time', () => {
    const training = events.find((e) => e._id === DEMO_EVENT_IDS.turkmenbashy)!;
    expect(training).toMatchObject({
      kind: 'training',
      organisationId: 'iom-tm',
      venue: { city: 'Turkmenbashy', country: 'TM' },
      audiences: ['ngo-representatives'],
    });
    const view = eventView({
      ...training,
      revision: 1,
      seats: { confirmed: [], waitlist: [], offers: [] },
      createdAt: new Date(),
      updatedAt: new Date(),
    } as never);
    expect([view.startsAt, view.endsAt]).toEqual(['2010-10-02T09:00:00.000+05:00', '2010-10-03T17:00:00.000+05:00']);
    expect(training.sessions.some((s) => s.workingGroup && /role plays/i.test(s.title.en!))).toBe(true);
  });

  it('has the field-staff meeting in Vienna on 20 June 2000 and a roundtable in a destination country', () => {
    expect(events.find((e) => e._id === DEMO_EVENT_IDS.vienna)).toMatchObject({
      kind: 'coordination-meeting',
      venue: { city: 'Vienna' },
      audiences: ['osce-field-staff'],
    });
    expect(new Date(events.find((e) => e._id === DEMO_EVENT_IDS.vienna)!.startsAt).toISOString().slice(0, 10)).toBe('2000-06-20');
    expect(events.find((e) => e._id === DEMO_EVENT_IDS.roundtable)).toMatchObject({ kind: 'roundtable', venue: { country: 'GR' } });
  });

  it('has a training of trainers for the focal points with one downstream training per mission, given by its focal point', () => {
    const downstream = events.filter((e) => e.cascadeFromEventId === DEMO_EVENT_IDS.trainingOfTrainers);
    expect(events.find((e) => e._id === DEMO_EVENT_IDS.trainingOfTrainers)!.kind).toBe('training-of-trainers');
    expect(downstream).toHaveLength(11);
    expect(new Set(downstream.map((e) => e.organisationId)).size).toBe(11);
    for (const event of downstream) {
      const cc = event.organisationId.replace('osce-presence-', '');
      expect(event.sessions[0].trainerIds).toEqual([`fp-${cc}-primary`]);
      expect(
        eventView({
          ...event,
          revision: 1,
          seats: { confirmed: [], waitlist: [], offers: [] },
          createdAt: new Date(),
          updatedAt: new Date(),
        } as never).startsAt,
      ).toMatch(/T09:00:00\.000/);
    }
  });
});
