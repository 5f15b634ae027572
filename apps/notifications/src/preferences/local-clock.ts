/** A local calendar date and the minutes since its midnight. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  minutes: number;
}

/** Wall-clock time in one IANA time zone, both ways, across DST changes. */
export class LocalClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
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

  wallClock(at: Date): WallClock {
    const parts = this.parts(at.getTime());
    return { year: parts.year, month: parts.month, day: parts.day, minutes: parts.hour * 60 + parts.minute };
  }

  /**
   * The instant a local wall-clock time occurs; `day` may overflow into the next month. Two passes settle
   * the offset around a DST change; a time skipped by the change (02:30 on a spring-forward night)
   * resolves to just after the gap.
   */
  instantOf(year: number, month: number, day: number, minutes: number): Date {
    const naive = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
    const first = naive - this.offsetAt(naive) * 60_000;
    const second = naive - this.offsetAt(first) * 60_000;
    return new Date(Math.max(first, second));
  }

  /** `yyyy-mm-dd` of a local calendar date; `day` may overflow into the next month. */
  static isoDate(year: number, month: number, day: number): string {
    return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
  }

  /** Offset of local time from UTC at an instant, in minutes. */
  private offsetAt(epochMs: number): number {
    const p = this.parts(epochMs);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
  }

  private parts(epochMs: number) {
    const parts = Object.fromEntries(this.format.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      second: Number(parts.second),
    };
  }
}
