import type { mongo } from 'mongoose';

/** What tests and benchmarks read of a delivery: its record's fields, with the outcome as it stands. */
export type DeliveryState = mongo.Document & {
  _id: string;
  status: string;
  attempts?: number;
  interruptedAttempts?: number;
  sentAt?: Date;
};

interface Settlement {
  _id: string;
  status: string;
  sentAt: Date;
  attempts: number;
  interruptedAttempts: number;
}

/**
 * The notifications service's deliveries as they stand, read straight from its database: a single
 * delivery's success is a settlement inserted beside its record (`delivery_settlements`, same `_id`; see
 * DeliverySettlement in apps/notifications), so an open record (`queued`, `retrying`) with a settlement is
 * sent. `projection` limits the record's fields (the outcome's are always read).
 */
export async function deliveryStates<T extends DeliveryState = DeliveryState>(
  db: { collection: (name: string) => mongo.Collection<mongo.Document> },
  filter: Record<string, unknown>,
  projection?: Record<string, 0 | 1>,
): Promise<T[]> {
  const included = projection && Object.values(projection).some((v) => v === 1);
  const fields = included ? { ...projection, status: 1, attempts: 1, interruptedAttempts: 1, sentAt: 1 } : projection;
  const records = (await db.collection('deliveries').find(filter, { projection: fields }).toArray()) as unknown as T[];
  const open = records.filter((r) => r.status === 'queued' || r.status === 'retrying').map((r) => r._id);
  if (open.length === 0) return records;
  const settlements = (await db
    .collection('delivery_settlements')
    .find({ _id: { $in: open } } as unknown as mongo.Filter<mongo.Document>)
    .toArray()) as unknown as Settlement[];
  const byId = new Map(settlements.map((s) => [s._id, s]));
  return records.map((r) => {
    const s = byId.get(r._id);
    return s && (r.status === 'queued' || r.status === 'retrying')
      ? { ...r, status: s.status, sentAt: s.sentAt, attempts: s.attempts, interruptedAttempts: s.interruptedAttempts }
      : r;
  });
}
