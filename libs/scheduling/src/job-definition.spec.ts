import { jobId } from './job-definition';

describe(jobId.name, () => {
  it('builds the same id for the same logical job', () => {
    expect(jobId('escalate', 'alert-7', 'rung', 2)).toBe('escalate-alert-7-rung-2');
  });

  it('never produces what BullMQ refuses: colons or an all-digit id', () => {
    expect(jobId('case:1', 'x y')).toBe('case_1-x_y');
    expect(jobId(42)).toBe('job-42');
  });
});
