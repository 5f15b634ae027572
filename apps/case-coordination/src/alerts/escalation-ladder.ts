import type { AckDeadlines } from '../routing/alert-routing';
import type { AlertState, CaseDocument } from '../cases/case.schema';

export type EscalationDecision =
  | { action: 'none'; why: 'acknowledged' | 'exhausted' | 'already-escalated' | 'not-due' }
  | { action: 'escalate'; next: AlertState; delayMs: number }
  | { action: 'exhaust'; next: AlertState };

/**
 * What a due escalation job does to an alert. Only the job for the alert's current rung acts, and only
 * while the alert is open and its deadline has passed: a repeated or late job changes nothing, which
 * makes escalation fire once however often the job runs.
 */
export function decideEscalation(
  alert: AlertState,
  jobRung: number,
  urgency: CaseDocument['urgency'],
  deadlines: AckDeadlines,
  now: Date,
): EscalationDecision {
  if (alert.status === 'acknowledged') return { action: 'none', why: 'acknowledged' };
  if (alert.status === 'exhausted') return { action: 'none', why: 'exhausted' };
  if (alert.rung !== jobRung) return { action: 'none', why: 'already-escalated' };
  const due = new Date(alert.acknowledgeBy).getTime();
  if (now.getTime() < due) return { action: 'none', why: 'not-due' };
  if (alert.rung + 1 >= alert.rungs.length) return { action: 'exhaust', next: { ...alert, status: 'exhausted' } };
  return {
    action: 'escalate',
    next: { ...alert, rung: alert.rung + 1, acknowledgeBy: new Date(now.getTime() + deadlines[urgency]) },
    delayMs: now.getTime() - due,
  };
}
