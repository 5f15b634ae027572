import { recordForAttempt } from './delivery-claims';
import type { DeliveryRecord } from './delivery.schema';

const stored = (attempts: number, interruptedAttempts = 0) =>
  ({ _id: 'n-1', status: attempts === 0 ? 'queued' : 'retrying', attempts, interruptedAttempts }) as DeliveryRecord;

describe(recordForAttempt.name, () => {
  it('counts the first attempt of a new delivery, and the next after a recorded retry, as uninterrupted', () => {
    expect(recordForAttempt(stored(0), 1)).toEqual({
      record: expect.objectContaining({ attempts: 1, interruptedAttempts: 0 }),
      interrupted: 0,
    });
    expect(recordForAttempt(stored(2), 3)).toEqual({
      record: expect.objectContaining({ attempts: 3, interruptedAttempts: 0 }),
      interrupted: 0,
    });
  });

  it('counts the attempts that began and never reached the record as interrupted', () => {
    // Attempt 1 died mid-send; attempt 2 takes over.
    expect(recordForAttempt(stored(0), 2)).toEqual({
      record: expect.objectContaining({ attempts: 2, interruptedAttempts: 1 }),
      interrupted: 1,
    });
    // Two dead attempts after a recorded retry, with one take-over already recorded.
    expect(recordForAttempt(stored(1, 1), 4)).toEqual({
      record: expect.objectContaining({ attempts: 4, interruptedAttempts: 3 }),
      interrupted: 2,
    });
  });

  it('defers to the record when the counter restarted (Redis lost its data)', () => {
    expect(recordForAttempt(stored(3), 1)).toEqual({
      record: expect.objectContaining({ attempts: 4, interruptedAttempts: 0 }),
      interrupted: 0,
    });
  });
});
