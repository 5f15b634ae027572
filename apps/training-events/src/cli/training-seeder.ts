import { isDeepStrictEqual } from 'node:util';
import type { TrainingEventRepository } from '../events/training-event.repository';
import { demoTrainingEvents, type DemoEvent } from './demo-training';

export interface TrainingSeedReport {
  created: number;
  updated: number;
  unchanged: number;
}

const contentOf = (event: DemoEvent | Record<string, unknown>) => {
  const {
    createdAt: _c,
    updatedAt: _u,
    revision: _r,
    seats: _s,
    nominationRequests: _n,
    nominations: _m,
    invitationIds: _i,
    outbox: _o,
    ...content
  } = event as Record<string, unknown>;
  return JSON.parse(JSON.stringify(content)) as Record<string, unknown>;
};

/**
 * Brings the demo events to their defined state (content only: participants come from the worked
 * example). Fixed ids make it idempotent; nothing is published, the events being history.
 */
export class TrainingSeeder {
  constructor(private readonly events: TrainingEventRepository) {}

  async run(): Promise<TrainingSeedReport> {
    const report: TrainingSeedReport = { created: 0, updated: 0, unchanged: 0 };
    for (const demo of demoTrainingEvents()) {
      const existing = await this.events.findById(demo._id);
      if (!existing) {
        await this.events.insert({
          ...demo,
          revision: 1,
          seats: { confirmed: [], waitlist: [], offers: [] },
          nominationRequests: [],
          nominations: [],
          invitationIds: [],
          outbox: [],
        });
        report.created += 1;
      } else if (isDeepStrictEqual(contentOf(existing), contentOf(demo))) {
        report.unchanged += 1;
      } else {
        const { _id, ...content } = demo;
        await this.events.modify(_id, () => ({ change: { set: content }, result: undefined }));
        report.updated += 1;
      }
    }
    return report;
  }
}
