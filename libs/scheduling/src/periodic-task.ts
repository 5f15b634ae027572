/**
 * Runs a background task (a sweep) again and again, never two runs at once, pausing between runs at
 * least `intervalMs` — and at least `loadFactor` times as long as the last run took. A sweep that has
 * become expensive (a backlog, a full collection scan on a store without secondary indexes such as
 * FerretDB 1.x) then takes at most 1/(loadFactor + 1) of the time instead of running back to back and
 * starving the work it exists to protect. The task handles its own errors.
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
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.intervalMs);
  }

  /** The pause before the next run, given how long the last one took. */
  nextDelayMs(lastDurationMs: number): number {
    return Math.max(this.intervalMs, Math.round(lastDurationMs * this.loadFactor));
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
