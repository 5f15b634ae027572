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
@Injectable()
export class DeliveryReportConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly cases: CaseRepository,
  ) {}

  onModuleInit(): void {
    this.runtime.registerBatchHandler(TOPICS.notificationDelivered, (events) => this.file(events.map(delivered)));
    this.runtime.registerBatchHandler(TOPICS.notificationFailed, (events) => this.file(events.map(failed)));
  }

  private async file(reports: { caseId: string; sourceType: string; entry: TimelineEntry }[]): Promise<void> {
    const byCase = new Map<string, TimelineEntry[]>();
    for (const { caseId, sourceType, entry } of reports) {
      if (!sourceType.startsWith('case.')) continue;
      byCase.set(caseId, [...(byCase.get(caseId) ?? []), entry]);
    }
    await Promise.all([...byCase].map(([caseId, entries]) => this.cases.fileReports(caseId, entries)));
  }
}

function delivered({ data, envelope }: BatchedEvent<NotificationDelivered>) {
  return {
    caseId: data.aggregateKey,
    sourceType: data.sourceType,
    entry: {
      id: envelope.id,
      at: new Date(data.deliveredAt),
      type: 'notification.delivered',
      details: { recipientPersonId: data.recipientPersonId, channel: data.channel, sourceType: data.sourceType, attempts: data.attempts },
    },
  };
}

function failed({ data, envelope }: BatchedEvent<NotificationFailed>) {
  return {
    caseId: data.aggregateKey,
    sourceType: data.sourceType,
    entry: {
      id: envelope.id,
      at: new Date(data.failedAt),
      type: 'notification.failed',
      details: {
        recipientPersonId: data.recipientPersonId,
        channel: data.channel,
        sourceType: data.sourceType,
        permanent: data.permanent,
        reason: data.reason,
      },
    },
  };
}
