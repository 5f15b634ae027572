import type { DeliveryRecord } from './delivery.schema';

/**
 * The deliveries this process just planned, as it inserted them, each handed out once: the worker that
 * makes the first attempt soon after (the common case for an alert: milliseconds later) starts from the
 * copy and skips reading it back. Only an attempt changes a queued delivery, and the claim's counter says
 * whether one was made before (DeliveryRepository.forAttempt); a later attempt reads the record.
 * Bounded in count and age, so a fan-out planned faster than it is sent keeps only the newest.
 */
export class PlannedCopies {
  private readonly copies = new Map<string, { at: number; record: DeliveryRecord }>();

  constructor(
    private readonly maxAgeMs = 30_000,
    private readonly capacity = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  remember(records: readonly DeliveryRecord[]): void {
    const at = this.now();
    for (const record of records) {
      if (record.status !== 'queued') continue;
      this.copies.delete(record._id);
      this.copies.set(record._id, { at, record });
    }
    // A Map iterates in insertion order: the oldest go first.
    for (const id of this.copies.keys()) {
      if (this.copies.size <= this.capacity) break;
      this.copies.delete(id);
    }
  }

  /** The copy of `id`, once, if it is young enough. */
  take(id: string): DeliveryRecord | undefined {
    const copy = this.copies.get(id);
    if (!copy) return undefined;
    this.copies.delete(id);
    return this.now() - copy.at <= this.maxAgeMs ? copy.record : undefined;
  }
}
