import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type CaseAlertAcknowledged, type CaseAlertEscalated, type CaseAlertRaised } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { JobQueues } from '@ctip/scheduling';
import { escalationJob, escalationJobId } from './escalation.jobs';

/**
 * Escalations are scheduled from this service's own alert events rather than right after the write:
 * the event is stored with the alert in one write, so a crash between the write and the scheduling
 * cannot lose an escalation. Deterministic job ids make a redelivered event schedule nothing new, and a
 * repeated or stale escalation job changes nothing (`AlertsService.escalate`), so the handlers are
 * idempotent by their own keys and run without the inbox (no database command per event).
 */
@Controller()
export class EscalationSchedulerConsumer {
  constructor(private readonly jobs: JobQueues) {}

  @TypedEventPattern(TOPICS.caseAlertRaised, { idempotent: true })
  async alertRaised(@Payload() data: CaseAlertRaised): Promise<void> {
    await this.schedule(data.caseId, data.alertId, data.rung, data.acknowledgeBy);
  }

  @TypedEventPattern(TOPICS.caseAlertEscalated, { idempotent: true })
  async alertEscalated(@Payload() data: CaseAlertEscalated): Promise<void> {
    await this.schedule(data.caseId, data.alertId, data.toRung, data.acknowledgeBy);
  }

  @TypedEventPattern(TOPICS.caseAlertAcknowledged, { idempotent: true })
  async alertAcknowledged(@Payload() data: CaseAlertAcknowledged): Promise<void> {
    await this.jobs.remove(escalationJob, escalationJobId(data.alertId, data.rung));
  }

  private async schedule(caseId: string, alertId: string, rung: number, acknowledgeBy: string): Promise<void> {
    const delay = Math.max(0, Date.parse(acknowledgeBy) - Date.now());
    await this.jobs.add(escalationJob, { caseId, alertId, rung }, { jobId: escalationJobId(alertId, rung), delay, priority: 1 });
  }
}
