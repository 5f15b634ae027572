import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { ForbiddenError, NotFoundError } from '@ctip/errors';
import { Outbox } from '@ctip/outbox';
import { ackDeadlines, CASE_CONFIG, type CaseCoordinationConfig } from '../config';
import { CaseRepository } from '../cases/case.repository';
import type { AlertState } from '../cases/case.schema';
import type { AckDeadlines } from '../routing/alert-routing';
import { alertAcknowledged, alertedSoFar, alertEscalated } from './alert-events';
import { decideEscalation, type EscalationDecision } from './escalation-ladder';

@Injectable()
export class AlertsService {
  private readonly deadlines: AckDeadlines;

  constructor(
    private readonly cases: CaseRepository,
    private readonly outbox: Outbox,
    @Inject(CASE_CONFIG) config: CaseCoordinationConfig,
  ) {
    this.deadlines = ackDeadlines(config);
  }

  /** Idempotent: acknowledging an acknowledged alert returns it unchanged. */
  async acknowledge(caseId: string, alertId: string, personId: string): Promise<AlertState> {
    const result = await this.cases.modify(caseId, (current) => {
      const alert = current.alerts.find((a) => a.alertId === alertId);
      if (!alert) throw new NotFoundError(`case ${caseId} has no alert ${alertId}`);
      if (!alertedSoFar(alert).includes(personId)) throw new ForbiddenError('only a person this alert was sent to can acknowledge it');
      if (alert.status === 'acknowledged') return { change: null, result: alert };
      const now = new Date();
      const acknowledged: AlertState = { ...alert, status: 'acknowledged', acknowledgedBy: personId, acknowledgedAt: now };
      return {
        result: acknowledged,
        change: {
          set: { alerts: current.alerts.map((a) => (a.alertId === alertId ? acknowledged : a)) },
          timeline: [{ id: randomUUID(), at: now, type: 'alert.acknowledged', actor: personId, details: { alertId, rung: alert.rung } }],
          events: [this.outbox.entry(TOPICS.caseAlertAcknowledged, alertAcknowledged(current, acknowledged))],
        },
      };
    });
    if (!result) throw new NotFoundError(`case ${caseId} not found`);
    return result;
  }

  /** Runs when an escalation job is due; a repeated or stale job changes nothing (see decideEscalation). */
  async escalate(caseId: string, alertId: string, jobRung: number): Promise<EscalationDecision['action'] | 'gone'> {
    const outcome = await this.cases.modify(caseId, (current) => {
      const alert = current.alerts.find((a) => a.alertId === alertId);
      if (!alert) return { change: null, result: 'gone' as const };
      const now = new Date();
      const decision = decideEscalation(alert, jobRung, current.urgency, this.deadlines, now);
      if (decision.action === 'none') return { change: null, result: decision.action };
      const alerts = current.alerts.map((a) => (a.alertId === alertId ? decision.next : a));
      if (decision.action === 'exhaust') {
        return {
          result: decision.action,
          change: {
            set: { alerts },
            timeline: [{ id: randomUUID(), at: now, type: 'alert.exhausted', details: { alertId, rung: alert.rung } }],
          },
        };
      }
      const next = decision.next;
      return {
        result: decision.action,
        change: {
          set: { alerts },
          timeline: [
            {
              id: randomUUID(),
              at: now,
              type: 'alert.escalated',
              details: {
                alertId,
                fromRung: alert.rung,
                toRung: next.rung,
                personIds: next.rungs[next.rung].personIds,
                delayMs: decision.delayMs,
                acknowledgeBy: next.acknowledgeBy,
              },
            },
          ],
          events: [this.outbox.entry(TOPICS.caseAlertEscalated, alertEscalated(current, next, alert.rung, decision.delayMs))],
        },
      };
    });
    return outcome ?? 'gone';
  }
}
