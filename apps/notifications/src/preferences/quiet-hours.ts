import { LocalClock } from './local-clock';

/** A daily window of local wall-clock time, `HH:MM`; it wraps past midnight when start > end (22:00–07:00). */
export interface QuietWindow {
  start: string;
  end: string;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Quiet hours in a person's own time zone, across DST changes. */
export class QuietHours {
  private readonly clock: LocalClock;

  constructor(
    private readonly window: QuietWindow,
    timeZone: string,
  ) {
    this.clock = new LocalClock(timeZone);
  }

  /** If `at` falls inside the window, the instant the window ends; otherwise null. */
  endOfQuietPeriod(at: Date): Date | null {
    const start = minutesOf(this.window.start);
    const end = minutesOf(this.window.end);
    if (start === end) return null;
    const local = this.clock.wallClock(at);
    const wraps = start > end;
    const inside = wraps ? local.minutes >= start || local.minutes < end : local.minutes >= start && local.minutes < end;
    if (!inside) return null;
    const endsTomorrow = wraps && local.minutes >= start;
    return this.clock.instantOf(local.year, local.month, local.day + (endsTomorrow ? 1 : 0), end);
  }
}
