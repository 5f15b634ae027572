import { TOPICS } from '@ctip/contracts';
import type { EventProducer } from '@ctip/messaging';
import type { SmtpSink } from '@ctip/testing';

/**
 * Critical alerts published straight to the notifications service (as case-coordination raises them),
 * each timed from publishing to its first email at the benchmark's SMTP sink. Shared by the benchmarks
 * that measure an alert's latency beside other work (meeting fan-out, quarterly close).
 */
export class CriticalAlerts {
  private readonly sentAt = new Map<string, number>();

  constructor(
    private readonly producer: EventProducer,
    private readonly smtp: SmtpSink,
    private readonly to: { organisationId: string; personIds: string[] },
  ) {}

  /** Publishes one alert; returns its case reference (which its emails' subjects carry). */
  async raise(): Promise<string> {
    const caseRef = `RR-2027-${String(this.sentAt.size + 1).padStart(6, '0')}`;
    this.sentAt.set(caseRef, Date.now());
    await this.producer.publish(TOPICS.caseAlertRaised, {
      alertId: `alert-${caseRef}`,
      caseId: `case-${caseRef}`,
      caseRef,
      urgency: 'critical',
      countries: [{ country: 'MD', role: 'destination' }],
      servicesNeeded: ['shelter'],
      riskFlags: ['immediate-danger'],
      recipients: { kind: 'focal-point', organisationId: this.to.organisationId, country: 'MD', personIds: this.to.personIds },
      rung: 0,
      acknowledgeBy: new Date(Date.now() + 15 * 60_000).toISOString(),
    });
    return caseRef;
  }

  sentAtOf(caseRef: string): number {
    return this.sentAt.get(caseRef)!;
  }

  /** Publishing → the first email of each alert, in ms. */
  latencies(caseRefs: string[]): number[] {
    return caseRefs.map(
      (ref) => Math.min(...this.smtp.received.filter((m) => m.subject.includes(ref)).map((m) => m.receivedAt)) - this.sentAt.get(ref)!,
    );
  }

  /** Whether every alert has an email at the sink. */
  done(caseRefs: string[]): boolean {
    return caseRefs.every((ref) => this.smtp.received.some((m) => m.subject.includes(ref)));
  }
}
