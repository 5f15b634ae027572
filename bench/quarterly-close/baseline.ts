import { randomBytes } from 'node:crypto';
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
 * order, the lines written in bulk writes of 1,000 (replace-upserts, as the close does) with a progress
 * update after each. Returns the elapsed ms.
 */
export async function rawClose(proposals: Collection<Doc>, scratch: Db): Promise<number> {
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
      proposed: { decision: 'approve', amount: p.content?.budget?.amountRequested },
      decision: { decision: 'approve', amount: p.content?.budget?.amountRequested },
      applied: false,
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
 * The raw confirmation on the same servers: a cursor over the lines in rank order; per batch of 200 one
 * bulk write of the decisions (replace-upserts into a scratch collection), one updateMany marking the lines
 * applied, one progress update, and the batch's 200 messages of the decision event's size produced in one
 * send. Timed until a consumer received all N messages.
 */
export async function rawConfirm(scratch: Db, kafka: Kafka, options: { topic: string; messageBytes: number }): Promise<number> {
  const lines = scratch.collection<Doc>('lines');
  const count = await lines.countDocuments();
  await createTopics(kafka, [options.topic], 1);
  const producer = await serviceProducer(kafka);
  const arrivals = await countArrivals(kafka, options.topic, count);
  const body = filler(options.messageBytes);
  try {
    const started = performance.now();
    let batch: Doc[] = [];
    let applied = 0;
    const flush = async () => {
      await scratch.collection<Doc>('decisions').bulkWrite(
        batch.map((line) => ({
          replaceOne: { filter: { _id: line.proposalId }, replacement: { _id: line.proposalId, decision: line.decision }, upsert: true },
        })),
        { ordered: false },
      );
      await lines.updateMany({ _id: { $in: batch.map((line) => line._id) } }, { $set: { applied: true } });
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
    return performance.now() - started;
  } finally {
    await arrivals.stop();
    await producer.disconnect();
  }
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
