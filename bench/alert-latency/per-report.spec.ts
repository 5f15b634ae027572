import { deltaOf, parseCommandstats, parseMetrics, redisCost, serviceCost } from './per-report';

const before = `# HELP ctip_db_commands_total Database commands sent, by command and target collection
# TYPE ctip_db_commands_total counter
ctip_db_commands_total{command="find",collection="deliveries",service="notifications"} 10
ctip_db_commands_total{command="insert",collection="deliveries",service="notifications"} 4
ctip_kafka_published_total{topic="case.alert.raised.v1",service="notifications"} 1
`;
const after = `${before.replace('} 10', '} 30').replace('} 4\n', '} 24\n')}ctip_db_commands_total{command="other",collection="",service="notifications"} 2
ctip_db_commands_total{command="getMore",collection="inbox",service="notifications"} 10
ctip_kafka_handler_duration_seconds_count{topic="a",group="g",outcome="ok",service="notifications"} 20
ctip_kafka_handler_duration_seconds_bucket{le="0.005",topic="a",group="g",outcome="ok",service="notifications"} 20
`;

describe('cost per report from two /metrics scrapes', () => {
  it('parses series with labels, skipping comments', () => {
    expect(parseMetrics(before)).toEqual([
      { name: 'ctip_db_commands_total', labels: { command: 'find', collection: 'deliveries', service: 'notifications' }, value: 10 },
      { name: 'ctip_db_commands_total', labels: { command: 'insert', collection: 'deliveries', service: 'notifications' }, value: 4 },
      { name: 'ctip_kafka_published_total', labels: { topic: 'case.alert.raised.v1', service: 'notifications' }, value: 1 },
    ]);
  });

  it('divides the deltas by the reports: reads, writes, per command and per collection', () => {
    const cost = serviceCost(deltaOf(parseMetrics(before), parseMetrics(after)), 10);
    expect(cost).toEqual({
      db: {
        commands: 5.2,
        reads: 3,
        writes: 2,
        other: 0.2,
        by_command: { find: 2, insert: 2, getMore: 1, other: 0.2 },
        by_collection: { deliveries: 4, inbox: 1, '(none)': 0.2 },
      },
      kafka: { published: 0, consumed: 2 },
    });
  });

  it('counts Redis calls per report from INFO commandstats', () => {
    const info = (hset: number, get: number) =>
      `# Commandstats\r\ncmdstat_hset:calls=${hset},usec=9,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r\ncmdstat_get:calls=${get},usec=1\r\n`;
    expect(parseCommandstats(info(5, 1))).toEqual({ hset: 5, get: 1 });
    expect(redisCost(parseCommandstats(info(5, 1)), { ...parseCommandstats(info(25, 6)), evalsha: 10 }, 10)).toEqual({
      commands: 3.5,
      top: { hset: 2, evalsha: 1, get: 0.5 },
    });
  });
});
