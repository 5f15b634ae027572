import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type NotificationDelivered, type NotificationFailed } from '@ctip/contracts';
import { MessagingRuntime, type BatchedEvent } from '@ctip/messaging';
import { CaseRepository } from '../cases/case.repository';
import type { TimelineEntry } from '../cases/case.schema';

/**
 * Files the notifications service's delivery reports on the case they belong to (keyed by case id), a
 * fetched batch at a time: the reports of one case in one guarded write (`CaseRepository.fileReports`),
 * idempotent by each report's id, so without the inbox. An alert to three people brings eleven reports;
 * under load they arrive together and cost one write, not eleven. Reports about other aggregates (a
 * proposal, a training: source types outside `case.`) are not this service's business and write nothing.
 */
/**
 * The reports in a consumer of their own that lets the broker gather them for half a second per fetch: an
 * alert's reports come within a few hundred milliseconds and are then filed in one or two writes of the
 * case, not five or six (each a rewrite of the whole case document on FerretDB, 2–2.6 ms of its CPU). A
 * timeline entry half a second later costs nobody anything; the alert itself never waits for it.
 */
const REPORTS_LANE = { lane: 'delivery-reports', gatherMs: 500 };

@Injectable()
export class DeliveryReportConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly cases: CaseRepository,
  ) {}

  onModuleInit(): void {
    this.runtime.registerBatchHandler(TOPICS.notificationDelivered, (events) => this.file(events.map(delivered)), REPORTS_LANE);
    this.runtime.registerBatchHandler(TOPICS.notificationFailed, (events) => this.file(events.map(failed)), REPORTS_LANE);
  }

  private async file(reports: Filed[]): Promise<void> {
    const byCase = new Map<string, TimelineEntry[]>();
    for (const { caseId, sourceType, entry } of reports) {
      if (!sourceType.startsWith('case.')) continue;
      byCase.set(caseId, [...(byCase.get(caseId) ?? []), entry]);
    }
    await Promise.all([...byCase].map(([caseId, entries]) => this.cases.fileReports(caseId, entries)));
  }
}

type Filed = { caseId: string; sourceType: string; entry: TimelineEntry };

function delivered({ data, envelope }: BatchedEvent<NotificationDelivered>): Filed {
  const { recipientPersonId, channel, sourceType, attempts } = data;
  return report(data, envelope.id, 'notification.delivered', data.deliveredAt, { recipientPersonId, channel, sourceType, attempts });
}

function failed({ data, envelope }: BatchedEvent<NotificationFailed>): Filed {
  const { recipientPersonId, channel, sourceType, permanent, reason } = data;
  return report(data, envelope.id, 'notification.failed', data.failedAt, { recipientPersonId, channel, sourceType, permanent, reason });
}

/** A report's timeline entry: its id is the report event's id, the key that files it once. */
function report(
  data: { aggregateKey: string; sourceType: string },
  id: string,
  type: string,
  at: string,
  details: Record<string, unknown>,
): Filed {
  return { caseId: data.aggregateKey, sourceType: data.sourceType, entry: { id, at: new Date(at), type, details } };
}
