import type { AlertState } from '../cases/case.schema';
import { decideEscalation } from './escalation-ladder';

const deadlines = { critical: 15 * 60_000, high: 60 * 60_000, normal: 24 * 3600_000 };
const due = new Date('2026-11-23T10:00:00Z');
const alert = (overrides: Partial<AlertState> = {}): AlertState => ({
  alertId: 'a1',
  kind: 'focal-point',
  organisationId: 'presence-md',
  country: 'MD',
  reason: 'field presence of MD',
  rungs: [['md-1'], ['md-2'], ['md-head'], ['coord-1']].map((personIds) => ({ personIds })),
  rung: 0,
  status: 'open',
  acknowledgeBy: due,
  ...overrides,
});
const after = (ms: number) => new Date(due.getTime() + ms);

describe(decideEscalation.name, () => {
  it('escalates to the backup when no one acknowledges by the deadline, with a new deadline', () => {
    const decision = decideEscalation(alert(), 0, 'critical', deadlines, after(0));
    expect(decision).toEqual({
      action: 'escalate',
      next: expect.objectContaining({ rung: 1, acknowledgeBy: after(15 * 60_000) }),
      delayMs: 0,
    });
  });

  it('records how late an escalation fired', () => {
    const decision = decideEscalation(alert(), 0, 'high', deadlines, after(42_000));
    expect(decision).toMatchObject({ action: 'escalate', delayMs: 42_000 });
  });

  it('climbs rung by rung: backup, head of mission, coordination unit, then stops', () => {
    expect(decideEscalation(alert({ rung: 1 }), 1, 'critical', deadlines, after(0))).toMatchObject({ next: { rung: 2 } });
    expect(decideEscalation(alert({ rung: 2 }), 2, 'critical', deadlines, after(0))).toMatchObject({ next: { rung: 3 } });
    expect(decideEscalation(alert({ rung: 3 }), 3, 'critical', deadlines, after(0))).toMatchObject({
      action: 'exhaust',
      next: { status: 'exhausted' },
    });
  });

  it('does nothing once someone acknowledged', () => {
    expect(decideEscalation(alert({ status: 'acknowledged' }), 0, 'critical', deadlines, after(0))).toEqual({
      action: 'none',
      why: 'acknowledged',
    });
  });

  it('does nothing for a repeated job of a rung already escalated', () => {
    expect(decideEscalation(alert({ rung: 1 }), 0, 'critical', deadlines, after(0))).toEqual({ action: 'none', why: 'already-escalated' });
  });

  it('does nothing before the deadline', () => {
    expect(decideEscalation(alert(), 0, 'critical', deadlines, after(-1))).toEqual({ action: 'none', why: 'not-due' });
  });
});
