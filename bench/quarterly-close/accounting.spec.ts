import { EventTally, memoryOf, ratio, writePlan } from './accounting';

describe('quarterly close benchmark accounting', () => {
  it('counts the writes of the close and the confirmation by their batch sizes', () => {
    expect(writePlan(10_000, 4_000)).toEqual({
      closeBulkWrites: 10,
      closeProgressUpdates: 10,
      confirmBatches: 50,
      decisionBulkWrites: 200,
      approvalInserts: 40,
      decisionEvents: 10_000,
    });
    expect(writePlan(1_001, 201)).toMatchObject({ closeBulkWrites: 2, confirmBatches: 6, decisionBulkWrites: 21, approvalInserts: 4 });
    expect(writePlan(0, 0)).toMatchObject({ closeBulkWrites: 0, confirmBatches: 0, decisionBulkWrites: 0, approvalInserts: 0 });
  });

  it('tallies distinct events apart from redelivered ones, with the arrival of the last', () => {
    const tally = new EventTally();
    expect(tally.lastAt).toBeNaN();
    tally.record('p-1', 100, 500);
    tally.record('p-2', 300, 700);
    tally.record('p-1', 900, 500);
    expect(tally.distinct).toBe(2);
    expect(tally.duplicates).toBe(1);
    expect(tally.lastAt).toBe(300);
    expect(tally.meanBytes).toBe(600);
  });

  it('reads peak and current resident memory from /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  153600 kB\n';
    expect(memoryOf(status)).toEqual({ peakMib: 200, currentMib: 150 });
    expect(() => memoryOf('Name:\tnode\n')).toThrow(/VmHWM/);
  });

  it('takes ratios to two decimals', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(1, 0)).toBeNaN();
  });
});
