import { randomBytes } from 'node:crypto';
import { chunkedBulkWrite, findByIds } from '@ctip/persistence';
import { createTopics } from '@ctip/testing';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { mongo } from 'mongoose';
import { CLOSE_BATCH, CONFIRM_BATCH } from './accounting';

/** The close's ranking (SLATE_SORT of apps/fund-proposals). */
const SLATE_SORT = { 'review.weightedScore': -1, submittedAt: 1, _id: 1 } as const;

type Doc = mongo.Document & { _id: string };
type Db = mongo.Db;
type Collection<T extends mongo.Document> = mongo.Collection<T>;

/**
 * The raw close on the same servers: one updateMany over the proposals, a cursor over them in rank
 * order, the lines written in bulk writes of 1,000 (replace-upserts) with a progress update after each;
 * the first `approvals` lines are approvals, as many as the service's slate proposes. Returns the elapsed ms.
 */
export async function rawClose(proposals: Collection<Doc>, scratch: Db, approvals: number): Promise<number> {
  const lines = scratch.collection<Doc>('lines');
  const progress = scratch.collection<Doc>('progress');
  const started = performance.now();
  await proposals.updateMany({}, { $set: { benchTouched: true }, $inc: { version: 1 } });
  const cursor = proposals
    .find({}, { projection: { proposalRef: 1, organisationId: 1, createdBy: 1, content: 1, review: 1, submittedAt: 1 } })
    .sort(SLATE_SORT)
    .batchSize(CLOSE_BATCH);
  let batch: Doc[] = [];
  let rank = 0;
  const flush = async () => {
    await lines.bulkWrite(
      batch.map((line) => ({ replaceOne: { filter: { _id: line._id }, replacement: line, upsert: true } })),
      { ordered: false },
    );
    await progress.updateOne({ _id: 'close' }, { $set: { linesWritten: rank } }, { upsert: true });
    batch = [];
  };
  for await (const p of cursor) {
    rank += 1;
    batch.push({
      _id: `cycle/${p._id}`,
      cycleId: 'cycle',
      proposalId: p._id,
      proposalRef: p.proposalRef,
      organisationId: p.organisationId,
      createdBy: p.createdBy,
      title: p.content?.title,
      countries: p.content?.countries,
      rank,
      weightedScore: p.review?.weightedScore,
      submittedAt: p.submittedAt,
      amountRequested: p.content?.budget?.amountRequested,
      implementingPartnerIds: p.content?.implementingPartnerIds,
      activityTypes: p.content?.activityTypes,
      plannedStart: p.content?.plannedStart,
      plannedEnd: p.content?.plannedEnd,
      proposed: { decision: rank <= approvals ? 'approve' : 'defer', amount: p.content?.budget?.amountRequested },
      decision: { decision: rank <= approvals ? 'approve' : 'defer', amount: p.content?.budget?.amountRequested },
    });
    if (batch.length >= CLOSE_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return performance.now() - started;
}

/** A producer with the services' settings (libs/messaging EventProducer): idempotent, acks=all, one request in flight. */
async function serviceProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

/** Resolves when `count` messages arrived on `topic` (from the beginning); returns a stop function too. */
async function countArrivals(kafka: Kafka, topic: string, count: number) {
  const consumer = kafka.consumer({ groupId: `${topic}.counter`, maxWaitTimeInMs: 100 });
  let seen = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= count) done();
    },
  });
  await joined;
  return { all, stop: () => consumer.disconnect(), seen: () => seen };
}

/**
 * The raw confirmation on the same servers: a cursor over the lines in rank order; per batch of 200 the
 * decisions written onto the same proposal documents by `_id` (bulk writes of BULK_CHUNK), one insert of
 * the approvals' projects and one of their public-list entries, one progress update, and the batch's 200
 * messages of the decision event's size produced in one send. Timed until a consumer received all N messages.
 */
export async function rawConfirm(
  proposals: Collection<Doc>,
  scratch: Db,
  kafka: Kafka,
  options: { topic: string; messageBytes: number; planning?: Omit<Parameters<typeof rawPlanning>[2], 'topic' | 'count'> & Planner },
): Promise<{ confirmMs: number; plannedMs?: number }> {
  const lines = scratch.collection<Doc>('lines');
  const count = await lines.countDocuments();
  await createTopics(kafka, [options.topic], 1);
  const producer = await serviceProducer(kafka);
  const arrivals = await countArrivals(kafka, options.topic, count);
  const { planning } = options;
  const planner = planning && (await rawPlanning(kafka, planning, { ...planning, topic: options.topic, count }));
  const body = filler(options.messageBytes);
  try {
    const started = performance.now();
    let batch: Doc[] = [];
    let applied = 0;
    const flush = async () => {
      // The decisions on the proposals themselves, by `_id`, in the store's bulk chunks (as the service writes them).
      await chunkedBulkWrite(
        proposals,
        batch.map((line) => ({
          updateOne: { filter: { _id: line.proposalId }, update: { $set: { benchDecision: line.decision }, $inc: { version: 1 } } },
        })),
      );
      // The approvals' projects and public-list entries: one insert each, as the confirmation writes them.
      const approved = batch.filter((line) => line.decision.decision === 'approve');
      if (approved.length > 0) {
        await scratch.collection<Doc>('projects').insertMany(approved.map(projectOf), { ordered: false });
        await scratch.collection<Doc>('public').insertMany(approved.map(publicEntryOf), { ordered: false });
      }
      applied += batch.length;
      await scratch.collection<Doc>('progress').updateOne({ _id: 'confirm' }, { $set: { applied } }, { upsert: true });
      await producer.send({
        topic: options.topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: batch.map((line) => ({ key: line.proposalId, value: body })),
      });
      batch = [];
    };
    for await (const line of lines.find({}).sort({ rank: 1, _id: 1 }).batchSize(1_000)) {
      batch.push(line);
      if (batch.length >= CONFIRM_BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    await withTimeout(arrivals.all, 60_000, () => `raw confirmation: ${arrivals.seen()} of ${count} messages arrived`);
    const confirmMs = performance.now() - started;
    if (!planner) return { confirmMs };
    let plannedAt = 0;
    await withTimeout(
      planner.all.then((at) => void (plannedAt = at)),
      600_000,
      () => `raw planning: ${planner.planned()} of ${count} messages planned`,
    );
    return { confirmMs, plannedMs: plannedAt - started };
  } finally {
    await planner?.stop();
    await arrivals.stop();
    await producer.disconnect();
  }
}

/** A project as the confirmation opens it (apps/fund-proposals ProjectOpeningService), from its line. */
function projectOf(line: Doc): Doc {
  const now = new Date();
  return {
    _id: `project-${line.proposalId}`,
    proposalId: line.proposalId,
    proposalRef: line.proposalRef,
    title: line.title,
    organisationId: line.organisationId,
    countries: line.countries,
    submittedBy: line.createdBy,
    cycleId: line.cycleId,
    lane: 'quarterly',
    currency: 'EUR',
    approvedAmount: line.decision.amount,
    status: 'active',
    approvedAt: now,
    tranches: [],
    reports: [],
    changeRequests: [],
    notes: [],
    outbox: [],
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** A public-list entry as the confirmation writes it, from its line. */
function publicEntryOf(line: Doc): Doc {
  return {
    _id: line.proposalId,
    reference: line.proposalRef,
    title: line.title,
    countries: line.countries,
    implementingPartners: [],
    activityTypes: line.activityTypes,
    amount: { amount: line.decision.amount, currency: 'EUR' },
    periodStart: line.plannedStart,
    periodEnd: line.plannedEnd,
    status: 'approved',
    approvedOn: new Date().toISOString().slice(0, 10),
    year: new Date().getUTCFullYear(),
    demo: false,
  };
}

function filler(bytes: number): string {
  return randomBytes(Math.ceil(bytes / 2))
    .toString('hex')
    .slice(0, bytes);
}

async function withTimeout(promise: Promise<void>, ms: number, message: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message())), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

interface Planner {
  deliveries: Collection<Doc>;
  queue: { addBulk(jobs: { name: string; data: unknown }[]): Promise<unknown> };
  /** The notifications service's read models: each message's recipient and their preferences are read by `_id`. */
  recipients: Collection<Doc>;
  preferences: Collection<Doc>;
  /** The recipient of the i-th message. */
  recipientOf: (index: number) => string;
}

/**
 * The raw planning of the decisions' notifications, beside the raw confirmation: a consumer of its messages
 * that, per fetched batch, reads each message's recipient and their preferences by `_id` (16 at a time),
 * stores `perMessage` delivery documents like the service's (`sample`, a stored delivery) in inserts of
 * 100 and queues one job for each in `addBulk`s of 200. Resolves with the time at which `count` messages
 * were planned (performance.now()).
 */
export async function rawPlanning(
  kafka: Kafka,
  { deliveries, queue, recipients, preferences, recipientOf }: Planner,
  options: { topic: string; count: number; perMessage: number; sample: Doc },
) {
  const consumer = kafka.consumer({ groupId: `${options.topic}.planner`, maxWaitTimeInMs: 100 });
  let planned = 0;
  let done: (at: number) => void = () => undefined;
  const all = new Promise<number>((resolve) => (done = resolve));
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const people = batch.messages.map((_, i) => recipientOf(planned + i));
      await findByIds(async (id) => (await Promise.all([recipients.findOne({ _id: id }), preferences.findOne({ _id: id })]))[0], people);
      const documents = batch.messages.flatMap((m) =>
        Array.from({ length: options.perMessage }, (_, k) => ({ ...options.sample, _id: `${m.key?.toString()}/${m.offset}/${k}` })),
      );
      for (let i = 0; i < documents.length; i += 100)
        await deliveries.insertMany(documents.slice(i, i + 100) as never[], { ordered: false });
      for (let i = 0; i < documents.length; i += 200)
        await queue.addBulk(documents.slice(i, i + 200).map((d) => ({ name: 'deliver', data: { deliveryId: d._id } })));
      for (const m of batch.messages) resolveOffset(m.offset);
      await heartbeat();
      planned += batch.messages.length;
      if (planned >= options.count) done(performance.now());
    },
  });
  await joined;
  return { all, stop: () => consumer.disconnect(), planned: () => planned };
}
