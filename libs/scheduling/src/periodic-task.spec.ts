import { PeriodicTask } from './periodic-task';

describe(PeriodicTask.name, () => {
  it('pauses at least the interval, four times as long as an expensive run took, at most five intervals', () => {
    const task = new PeriodicTask(async () => undefined, 1_000);
    expect(task.nextDelayMs(10)).toBe(1_000);
    expect(task.nextDelayMs(1_000)).toBe(4_000);
    expect(task.nextDelayMs(30_000)).toBe(5_000);
    expect(new PeriodicTask(async () => undefined, 1_000, 2, 60_000).nextDelayMs(2_000)).toBe(4_000);
  });

  it('runs again after each run, never two at once, and stops after the run in progress', async () => {
    let runs = 0;
    let concurrent = 0;
    let most = 0;
    const task = new PeriodicTask(async () => {
      runs += 1;
      concurrent += 1;
      most = Math.max(most, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 5));
      concurrent -= 1;
      if (runs === 2) throw new Error('a failing run does not stop the next');
    }, 1);
    task.start();
    while (runs < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await task.stop();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(stoppedAt);
    expect(most).toBe(1);
  });
});
