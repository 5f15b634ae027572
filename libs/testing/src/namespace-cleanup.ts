import { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type mongoose from 'mongoose';

export interface NamespaceLeftovers {
  databases: string[];
  topics: string[];
  groups: string[];
  redisKeys: number;
}

/** The database names a namespace's services use: `ctip_<namespace with _>_<service>`. */
export const namespaceDbPrefix = (namespace: string): string => `ctip_${namespace.replace(/-/g, '_')}_`;

/**
 * What a benchmark's namespace holds on the shared servers: its databases (`ctip_<ns>_*`), topics
 * (`<ns>.…`), consumer groups and Redis keys (`*<ns>*`, BullMQ queues included). `listDatabases` is asked
 * for names only: sizing every database of the shared FerretDB (the default) takes minutes.
 */
export async function namespaceLeftovers(
  namespace: string,
  db: mongoose.Connection,
  kafka: Kafka,
  redisUrl: string,
): Promise<NamespaceLeftovers> {
  const prefix = namespaceDbPrefix(namespace);
  const { databases } = await db.db!.admin().listDatabases({ nameOnly: true });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.includes(namespace));
    const keys = await scanKeys(redisUrl, namespace, () => undefined);
    return { databases: databases.map((d) => d.name).filter((name) => name.startsWith(prefix)), topics, groups, redisKeys: keys };
  } finally {
    await admin.disconnect();
  }
}

/**
 * Removes what a benchmark's namespace left on the shared servers — databases, topics, consumer groups,
 * Redis keys — once its services have stopped (a running service would recreate them). Each part is
 * tried even when an earlier one fails; the first failure is thrown at the end.
 */
export async function removeNamespace(
  namespace: string,
  db: mongoose.Connection,
  kafka: Kafka,
  redisUrl: string,
): Promise<NamespaceLeftovers> {
  const failures: unknown[] = [];
  const attempt = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      failures.push(error);
      return fallback;
    }
  };
  const prefix = namespaceDbPrefix(namespace);
  const databases = await attempt(async () => {
    const { databases: all } = await db.db!.admin().listDatabases({ nameOnly: true });
    const names = all.map((d) => d.name).filter((name) => name.startsWith(prefix));
    for (const name of names) await db.useDb(name).db!.dropDatabase();
    return names;
  }, []);
  const [topics, groups] = await attempt(
    async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const found = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
        if (found.length > 0) await admin.deleteTopics({ topics: found, timeout: 30_000 });
        const ids = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.includes(namespace));
        if (ids.length > 0) await admin.deleteGroups(ids);
        return [found, ids];
      } finally {
        await admin.disconnect();
      }
    },
    [[], []] as string[][],
  );
  const redisKeys = await attempt(() => scanKeys(redisUrl, `*${namespace}*`, (redis, keys) => redis.unlink(...keys)), 0);
  if (failures.length > 0) throw failures[0];
  return { databases, topics, groups, redisKeys };
}

/** The keys matching a glob `pattern` (found by SCAN, as `scanKeys`). */
export async function redisKeysMatching(redisUrl: string, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  await scanKeys(redisUrl, pattern, (_, found) => keys.push(...found));
  return keys;
}

/** Scans a glob `pattern` (never KEYS: it blocks the shared server), handing each batch found to `each`; returns the count. */
async function scanKeys(redisUrl: string, pattern: string, each: (redis: Redis, keys: string[]) => unknown): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  await redis.connect();
  let count = 0;
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      if (found.length > 0) await each(redis, found);
      count += found.length;
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return count;
}

/** One line for the log: how many of each were removed (or are left). */
export const describeRemoved = (found: NamespaceLeftovers): string =>
  `${found.databases.length} databases, ${found.topics.length} topics, ${found.groups.length} consumer groups, ${found.redisKeys} Redis keys`;
