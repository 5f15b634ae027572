/**
 * Runs a background task (a sweep) again and again, never two runs at once, pausing between runs at
 * least `intervalMs` — and `loadFactor` times as long as the last run took, up to `maxPauseMs` (default
 * five intervals). A sweep that has become expensive (a backlog, a full collection scan on a store
 * without secondary indexes such as FerretDB 1.x) then no longer runs back to back, starving the work it
 * exists to protect; the cap keeps a sweep that was merely slow (waiting out a broker outage) from
 * delaying the recovery after it. The task handles its own errors.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** How long the last run took (ms). */
  lastDurationMs = 0;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly loadFactor = 4,
    private readonly maxPauseMs = intervalMs * 5,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.intervalMs);
  }

  /** The pause before the next run, given how long the last one took. */
  nextDelayMs(lastDurationMs: number): number {
    return Math.max(this.intervalMs, Math.min(this.maxPauseMs, Math.round(lastDurationMs * this.loadFactor)));
  }

  /** Stops scheduling and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.task()
        .catch(() => undefined)
        .finally(() => {
          this.running = undefined;
          this.lastDurationMs = Date.now() - started;
          this.schedule(this.nextDelayMs(this.lastDurationMs));
        });
    }, delayMs);
  }
}
