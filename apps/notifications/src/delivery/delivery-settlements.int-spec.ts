import type { Outbox } from '@ctip/outbox';
import { DueIndex } from '@ctip/scheduling';
import { uniqueSuffix } from '@ctip/testing';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { DeliveryRepository } from './delivery.repository';
import {
  DELIVERY_MODEL,
  DELIVERY_SETTLEMENT_MODEL,
  deliverySchema,
  deliverySettlementSchema,
  newDeliveryRecord,
  type DeliveryRecord,
  type DeliverySettlement,
} from './delivery.schema';

/**
 * A single delivery's success is a settlement inserted beside its record, on the real database: the first
 * settlement of an id wins, every read returns the record with it, and nothing that reads open work finds
 * a settled delivery open.
 */
describe('delivery settlements', () => {
  let root: Connection;
  let db: Connection;
  let redis: Redis;
  let due: DueIndex;
  let repository: DeliveryRepository;
  let run: string;
  const tracked: string[] = [];

  beforeAll(async () => {
    run = uniqueSuffix();
    root = await mongoose.createConnection(process.env.MONGO_URL!).asPromise();
    db = root.useDb(`ctip_settlements_test_${run}`);
    redis = new Redis(process.env.REDIS_URL!);
    due = new DueIndex(redis, `test-settlements-${run}:due`);
    // Only `track` of the outbox is used here: a sent mark without entries stores and publishes nothing.
    const outbox = { track: (model: { collection: { collectionName: string } }) => tracked.push(model.collection.collectionName) };
    repository = new DeliveryRepository(
      db.model<DeliveryRecord>(DELIVERY_MODEL, deliverySchema),
      db.model<DeliverySettlement>(DELIVERY_SETTLEMENT_MODEL, deliverySettlementSchema),
      outbox as unknown as Outbox,
      due,
      { DELIVERY_RECOVERY_GRACE_MS: 1_000 },
    );
    repository.onModuleInit();
  });

  afterAll(async () => {
    await db.dropDatabase();
    await redis.del(`test-settlements-${run}:due`);
    await redis.quit();
    await root.close();
  });

  const planned = async (id: string): Promise<DeliveryRecord> => {
    const record = newDeliveryRecord(
      {
        sourceEventId: `event-${id}`,
        sourceTopic: 'case.alert.raised.v1',
        sourceType: 'case.alert.raised',
        sourceOccurredAt: new Date(),
        aggregateKey: `case-${id}`,
        correlationId: `corr-${id}`,
        recipientPersonId: 'fp-md-primary',
        category: 'case-alert',
        urgency: 'critical',
        language: 'en',
        timeZone: 'Europe/Chisinau',
        facts: { caseRef: 'RR-2026-000001' },
      },
      { _id: id, channel: 'email', role: 'primary', dueAt: new Date(Date.now() - 60_000) },
    );
    const [stored] = await repository.createAllIfAbsent([record]);
    return { ...stored, attempts: 1 };
  };

  it('settles a delivery once: the first settlement wins, its own retried insert is recognised, the record reads sent', async () => {
    const record = await planned(`d-once-${run}`);
    const dueKey = `test-settlements-${run}:due`;
    expect(await redis.zscore(dueKey, record._id)).not.toBeNull();
    const at = new Date();
    expect(await repository.markSent(record, 'token', at, [])).toBe(true);
    // The same insert again (its answer lost, the batch retried): still this attempt's settlement.
    expect(await repository.markSent(record, 'token', at, [])).toBe(true);
    // Another attempt's (taken over after a lapsed lease): refused.
    expect(await repository.markSent({ ...record, attempts: 2 }, 'token', new Date(at.getTime() + 5), [])).toBe(false);

    expect(await repository.find(record._id)).toMatchObject({ status: 'sent', sentAt: at, attempts: 1, leaseUntil: null });
    // Finished: out of the recovery sweep's due index.
    expect(await redis.zscore(dueKey, record._id)).toBeNull();
    // The record itself is as planned; the settlement is the one document written.
    expect(await db.collection('deliveries').findOne({ _id: record._id } as never)).toMatchObject({ status: 'queued' });
    expect(await db.collection('delivery_settlements').countDocuments({ _id: record._id } as never)).toBe(1);
    expect(tracked).toEqual(['deliveries', 'delivery_settlements']);
  });

  it('refuses a final failure of a settled delivery, and no sweep or list finds it open', async () => {
    const record = await planned(`d-failed-${run}`);
    const open = await planned(`d-open-${run}`);
    expect(await repository.markSent(record, 'token', new Date(), [])).toBe(true);
    const failure = { reason: 'smtp 550', permanent: true, at: new Date(), entry: {} as never, fallbackPending: false };
    expect(await repository.markFailed(record, 'token', failure)).toBe(false);
    expect(await repository.find(record._id)).toMatchObject({ status: 'sent' });

    const stuck = (await repository.stuck(new Date(), 100)).map((r) => r._id);
    expect(stuck).toContain(open._id);
    expect(stuck).not.toContain(record._id);
    // Settled records still match the sweep's query: a page full of them does not hide an open one.
    expect((await repository.stuck(new Date(), 1)).map((r) => r._id)).toEqual([open._id]);
    // Pages of one: past the settled record (`d-failed` sorts first) to the open one; the next calls go on
    // from there, start over at the end, and come back to it.
    expect((await repository.stuck(new Date(), 1, { pageSize: 1 })).map((r) => r._id)).toEqual([open._id]);
    const later: string[] = [];
    for (let call = 0; call < 4 && !later.includes(open._id); call += 1)
      later.push(...(await repository.stuck(new Date(), 1, { pageSize: 1 })).map((r) => r._id));
    expect(later).toContain(open._id);
    const page = await repository.search({ aggregateKey: record.aggregateKey }, { limit: 10 });
    expect(page.items.map((d) => `${d._id}:${d.status}`)).toEqual([`${record._id}:sent`]);
    // A redelivered notice plans nothing new and gets the delivery as it stands.
    expect((await repository.createAllIfAbsent([{ ...record, attempts: 0 }])).map((r) => r.status)).toEqual(['sent']);
  });
});
