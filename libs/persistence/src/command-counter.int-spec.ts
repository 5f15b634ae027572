import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { metrics, ObservabilityModule } from '@ctip/observability';
import { uniqueSuffix } from '@ctip/testing';
import type { Connection } from 'mongoose';
import { PersistenceModule } from './persistence.module';

/** The count of one `ctip_db_commands_total` series, 0 when it does not exist yet. */
async function countOf(command: string, collection: string): Promise<number> {
  const { values } = await metrics.registry.getSingleMetric('ctip_db_commands_total')!.get();
  return values.find((v) => v.labels.command === command && v.labels.collection === collection)?.value ?? 0;
}

describe('ctip_db_commands_total on the connection of PersistenceModule.forRoot', () => {
  let app: INestApplication;
  let connection: Connection;
  const dbName = `ctip_command_counter_${uniqueSuffix()}`;

  beforeAll(async () => {
    @Module({
      imports: [
        ObservabilityModule.forRoot({ service: 'command-counter-test', level: 'silent' }),
        PersistenceModule.forRoot({ url: process.env.MONGO_URL!, dbName }),
      ],
    })
    class CounterTestModule {}
    app = await NestFactory.create(CounterTestModule, { logger: false });
    await app.init();
    connection = app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await app.close();
  });

  it('counts each command by name and target collection, getMore included, the rest as other', async () => {
    const items = connection.collection<{ _id: string; n: number }>('items');
    const before = {
      insert: await countOf('insert', 'items'),
      find: await countOf('find', 'items'),
      getMore: await countOf('getMore', 'items'),
      update: await countOf('update', 'items'),
      findAndModify: await countOf('findAndModify', 'items'),
      delete: await countOf('delete', 'items'),
      aggregate: await countOf('aggregate', 'items'),
      other: await countOf('other', ''),
    };
    await items.insertMany(Array.from({ length: 5 }, (_, n) => ({ _id: `i-${n}`, n })));
    expect(await items.find({}, { batchSize: 2 }).toArray()).toHaveLength(5); // find + 2 getMore
    await items.updateOne({ _id: 'i-0' }, { $set: { n: 10 } });
    await items.findOneAndUpdate({ _id: 'i-1' }, { $set: { n: 11 } });
    await items.deleteOne({ _id: 'i-2' });
    expect(await items.countDocuments({})).toBe(4); // an aggregate
    await connection.db!.admin().ping();

    expect({
      insert: (await countOf('insert', 'items')) - before.insert,
      find: (await countOf('find', 'items')) - before.find,
      getMore: (await countOf('getMore', 'items')) - before.getMore,
      update: (await countOf('update', 'items')) - before.update,
      findAndModify: (await countOf('findAndModify', 'items')) - before.findAndModify,
      delete: (await countOf('delete', 'items')) - before.delete,
      aggregate: (await countOf('aggregate', 'items')) - before.aggregate,
    }).toEqual({ insert: 1, find: 1, getMore: 2, update: 1, findAndModify: 1, delete: 1, aggregate: 1 });
    expect((await countOf('other', '')) - before.other).toBeGreaterThanOrEqual(1);
    const exposition = await metrics.registry.metrics();
    expect(exposition).toMatch(/ctip_db_commands_total\{command="find",collection="items",service="command-counter-test"\} \d+/);
  });
});
