import { BULK_CHUNK } from '@ctip/persistence';

/** The quarterly close's batch sizes (apps/fund-proposals/src/cycles): lines per bulk write, lines per confirmation batch. */
export const CLOSE_BATCH = 1_000;
export const CONFIRM_BATCH = 200;

/** The writes the close and the confirmation make for a slate of `lines` lines, which the raw baseline repeats. */
export interface WritePlan {
  /** Close: one updateMany (proposals → on-slate), then per batch of 1,000 one bulkWrite of lines and one progress update. */
  closeBulkWrites: number;
  closeProgressUpdates: number;
  /**
   * Confirmation: per batch of 200 the decisions on their proposals (bulk writes of 50), one insert of the
   * approvals' projects and one of their public-list entries, one send of the decision events and one
   * progress update.
   */
  confirmBatches: number;
  decisionBulkWrites: number;
  /** Inserts of projects and of public-list entries: one each per batch holding approvals. */
  approvalInserts: number;
  decisionEvents: number;
}

/** `approvals`: the lines proposed for approval, which come first in rank order. */
export function writePlan(lines: number, approvals: number): WritePlan {
  const closeBatches = Math.ceil(lines / CLOSE_BATCH);
  const confirmBatches = Math.ceil(lines / CONFIRM_BATCH);
  const batchChunks = Math.ceil(CONFIRM_BATCH / BULK_CHUNK);
  return {
    closeBulkWrites: closeBatches,
    closeProgressUpdates: closeBatches,
    confirmBatches,
    decisionBulkWrites: Math.floor(lines / CONFIRM_BATCH) * batchChunks + Math.ceil((lines % CONFIRM_BATCH) / BULK_CHUNK),
    approvalInserts: 2 * Math.ceil(approvals / CONFIRM_BATCH),
    decisionEvents: lines,
  };
}

/** Counts events by key (an aggregate id) as they arrive: duplicates (at-least-once delivery) are counted apart. */
export class EventTally {
  private readonly firstAt = new Map<string, number>();
  duplicates = 0;
  bytes = 0;

  record(key: string, at: number, bytes: number): void {
    if (this.firstAt.has(key)) {
      this.duplicates += 1;
      return;
    }
    this.firstAt.set(key, at);
    this.bytes += bytes;
  }

  get distinct(): number {
    return this.firstAt.size;
  }

  /** When the last distinct key first arrived (NaN when none did). */
  get lastAt(): number {
    let last = Number.NaN;
    for (const at of this.firstAt.values()) if (!(at <= last)) last = at;
    return last;
  }

  get meanBytes(): number {
    return this.firstAt.size === 0 ? 0 : Math.round(this.bytes / this.firstAt.size);
  }
}

/** Peak resident set (VmHWM) and current resident set (VmRSS) in MiB from the text of /proc/<pid>/status. */
export function memoryOf(status: string): { peakMib: number; currentMib: number } {
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc status`);
    return Number(match[1]);
  };
  return { peakMib: round(kib('VmHWM') / 1024), currentMib: round(kib('VmRSS') / 1024) };
}

/** a / b to two decimals (NaN when b is 0). */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : round(a / b, 2);
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}
