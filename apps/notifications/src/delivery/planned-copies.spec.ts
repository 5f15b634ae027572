import type { DeliveryRecord } from './delivery.schema';
import { PlannedCopies } from './planned-copies';

const record = (id: string, status: DeliveryRecord['status'] = 'queued') => ({ _id: id, status, attempts: 0 }) as DeliveryRecord;

describe('PlannedCopies', () => {
  it('hands a planned delivery out once', () => {
    const copies = new PlannedCopies();
    copies.remember([record('d1')]);
    expect(copies.take('d1')?._id).toBe('d1');
    expect(copies.take('d1')).toBeUndefined();
  });

  it('keeps only queued deliveries (held ones are read when their time comes)', () => {
    const copies = new PlannedCopies();
    copies.remember([record('d1', 'digest-pending')]);
    expect(copies.take('d1')).toBeUndefined();
  });

  it('forgets copies older than its age limit', () => {
    let now = 0;
    const copies = new PlannedCopies(1_000, 10, () => now);
    copies.remember([record('d1')]);
    now = 1_001;
    expect(copies.take('d1')).toBeUndefined();
  });

  it('keeps the newest when more are planned than it holds', () => {
    const copies = new PlannedCopies(30_000, 2);
    copies.remember([record('d1'), record('d2'), record('d3')]);
    expect(copies.take('d1')).toBeUndefined();
    expect(copies.take('d2')?._id).toBe('d2');
    expect(copies.take('d3')?._id).toBe('d3');
  });
});
