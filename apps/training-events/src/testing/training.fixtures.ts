import { loadConfig } from '@ctip/config';
import { CATALOGUE, TOPICS, type Payload, type Topic } from '@ctip/contracts';
import { createKafka, EventProducer } from '@ctip/messaging';
import { createLogger } from '@ctip/observability';
import { expectEventually, ServiceUnderTest } from '@ctip/testing';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { TrainingDirectoryRepository } from '../directory-view/training-directory.repository';
import type { TrainingAudience } from '../events/training-event.schema';

/** What the training API answers with, loosely typed for tests. */
export type Answer = Record<string, unknown> & {
  eventId?: string;
  revision?: number;
  version?: number;
  state?: string;
  errors?: { field: string; reason: string }[];
  current?: Record<string, unknown>;
};

/** A training-events service in-process on the real servers, and a producer standing in for the directory. */
export class TrainingHarness {
  private constructor(
    readonly sut: ServiceUnderTest,
    private readonly producer: EventProducer,
  ) {}

  static async start(port: number, record: Topic[], env: Record<string, string> = {}): Promise<TrainingHarness> {
    const sut = await ServiceUnderTest.start({
      name: 'training-events',
      port,
      module: (values) => AppModule.forRoot(loadConfig(configSchema, values)),
      record,
      env,
    });
    const producer = new EventProducer(
      createKafka({
        clientId: 'training-test',
        brokers: process.env.KAFKA_BROKERS!.split(','),
        logger: createLogger({ service: 'training-test', level: 'silent' }),
      }),
      CATALOGUE,
      'directory',
      sut.namespace,
    );
    return new TrainingHarness(sut, producer);
  }

  async publish<T extends Topic>(topic: T, data: Payload<T>): Promise<void> {
    await this.producer.publish(topic, data);
  }

  organisation(organisationId: string, country: string, kind: 'field-presence' | 'partner' | 'coordination-unit' = 'partner') {
    return this.publish(TOPICS.directoryOrganisationChanged, {
      organisationId,
      kind,
      ...(kind === 'partner' ? { partnerType: 'ngo' as const } : {}),
      name: `[TEST] ${organisationId}`,
      country,
      countriesCovered: [country],
      regions: [],
      services: [],
      languages: ['en', 'ru'],
      timeZone: 'Asia/Ashgabat',
      active: true,
      revision: 1,
      demo: true,
    });
  }

  person(
    personId: string,
    organisationId: string,
    options: { roles?: string[]; audiences?: TrainingAudience[]; timeZone?: string; language?: string } = {},
  ) {
    return this.publish(TOPICS.directoryPersonChanged, {
      personId,
      organisationId,
      displayName: `[TEST] ${personId}`,
      roles: options.roles ?? ['participant'],
      audiences: options.audiences ?? ['ngo-representatives'],
      languages: [options.language ?? 'ru'],
      timeZone: options.timeZone ?? 'Asia/Ashgabat',
      contactPoints: [],
      active: true,
      revision: 1,
      demo: true,
    });
  }

  /** Waits until the read model holds these people and organisations. */
  async directoryHas(personIds: string[], organisationIds: string[] = []): Promise<void> {
    const directory = this.sut.nest.get(TrainingDirectoryRepository);
    await expectEventually(
      async () => {
        expect((await directory.findPeople(personIds)).length).toBe(personIds.length);
        expect((await directory.findOrganisations(organisationIds)).length).toBe(organisationIds.length);
      },
      { timeoutMs: 30_000 },
    );
  }

  call<T = Answer>(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) {
    return this.sut.request<T>(method, path, { token, body, headers });
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    await this.sut.close();
  }
}

const day = 24 * 3600_000;

/** A two-day training in Turkmenbashy, starting `startsInDays` from now (Asia/Ashgabat, +05:00). */
export function trainingBody(options: { startsInDays?: number; capacity?: number; sessions?: unknown[] } = {}) {
  const start = new Date(Math.floor((Date.now() + (options.startsInDays ?? 30) * day) / day) * day + 4 * 3600_000);
  const end = new Date(start.getTime() + day + 8 * 3600_000);
  return {
    kind: 'training',
    title: { en: 'Identification and referral of trafficked persons', ru: 'Выявление и перенаправление жертв торговли людьми' },
    venue: { name: 'Hotel Hazar', city: 'Turkmenbashy', country: 'TM', timeZone: 'Asia/Ashgabat' },
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    workingLanguages: ['ru', 'tk'],
    interpretation: [{ from: 'en', to: 'ru' }],
    sessions: options.sessions ?? [
      {
        sessionId: 'opening',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
        title: { en: 'Opening', ru: 'Открытие' },
        room: 'Main hall',
        trainerIds: [],
      },
    ],
    materials: [{ title: 'Handbook', url: 'https://example.org/handbook.pdf' }],
    audiences: ['ngo-representatives'],
    capacity: options.capacity ?? 25,
  };
}
