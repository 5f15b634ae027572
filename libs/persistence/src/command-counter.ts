import type { mongo } from 'mongoose';
import { metrics } from '@ctip/observability';

const commands = metrics.counter('ctip_db_commands_total', 'Database commands sent, by command and target collection', [
  'command',
  'collection',
]);

const COUNTED = new Set(['find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'getMore']);

type Child = ReturnType<typeof commands.labels>;
/** command → collection → counter child: after the first command of a kind, counting allocates nothing. */
const children = new Map<string, Map<string, Child>>();

function childOf(command: string, collection: string): Child {
  let byCollection = children.get(command);
  if (!byCollection) children.set(command, (byCollection = new Map()));
  let child = byCollection.get(collection);
  if (!child) byCollection.set(collection, (child = commands.labels(command, collection)));
  return child;
}

/** The collection a command targets: `{ find: 'cases' }`, `{ getMore: id, collection: 'cases' }`; '' for database-wide ones. */
function targetOf(event: mongo.CommandStartedEvent): string {
  const target: unknown = event.command[event.commandName];
  if (typeof target === 'string') return target;
  const collection: unknown = event.commandName === 'getMore' ? event.command.collection : undefined;
  return typeof collection === 'string' ? collection : '';
}

/**
 * Counts every command the client sends (`ctip_db_commands_total{command, collection}`), so a benchmark
 * can tell the reads and writes per event from the /metrics of each service. Needs the client created
 * with `monitorCommands: true`. Sensitive commands (authentication) arrive redacted and count as `other`.
 */
export function countCommands(client: mongo.MongoClient): void {
  client.on('commandStarted', (event) => {
    childOf(COUNTED.has(event.commandName) ? event.commandName : 'other', targetOf(event)).inc();
  });
}
