/** A daily window of local wall-clock time, `HH:MM`; it wraps past midnight when start > end (22:00–07:00). */
export interface QuietWindow {
  start: string;
  end: string;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  minutes: number;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Quiet hours in a person's own time zone, across DST changes. */
export class QuietHours {
  private readonly format: Intl.DateTimeFormat;

  constructor(
    private readonly window: QuietWindow,
    timeZone: string,
  ) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** If `at` falls inside the window, the instant the window ends; otherwise null. */
  endOfQuietPeriod(at: Date): Date | null {
    const start = minutesOf(this.window.start);
    const end = minutesOf(this.window.end);
    if (start === end) return null;
    const local = this.wallClock(at);
    const wraps = start > end;
    const inside = wraps ? local.minutes >= start || local.minutes < end : local.minutes >= start && local.minutes < end;
    if (!inside) return null;
    const endsTomorrow = wraps && local.minutes >= start;
    const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
    return this.instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), end);
  }

  private wallClock(at: Date): WallClock {
    const parts = Object.fromEntries(this.format.formatToParts(at).map((p) => [p.type, p.value]));
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  /** Offset of local time from UTC at an instant, in minutes. */
  private offsetAt(epochMs: number): number {
    const parts = Object.fromEntries(this.format.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
    const asUtc = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
  }

  /**
   * The instant a local wall-clock time occurs. Two passes settle the offset around a DST change; a
   * time skipped by the change (02:30 on a spring-forward night) resolves to just after the gap.
   */
  private instantOf(year: number, month: number, day: number, minutes: number): Date {
    const naive = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
    const first = naive - this.offsetAt(naive) * 60_000;
    const second = naive - this.offsetAt(first) * 60_000;
    return new Date(Math.max(first, second));
  }
}
