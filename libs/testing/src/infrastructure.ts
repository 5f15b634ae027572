import { execFileSync, spawnSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';

export interface Infrastructure {
  KAFKA_BROKERS: string;
  MONGO_URL: string;
  REDIS_URL: string;
  /** Where the servers came from: given in env, Testcontainers, or scripts/infra on this machine. */
  INFRA_SOURCE: 'env' | 'testcontainers' | 'local';
}

// libs/testing/src under the repository (Jest runs the sources) or under dist/ (a compiled benchmark).
const up3 = join(__dirname, '../../..');
export const REPO_ROOT = basename(up3) === 'dist' ? dirname(up3) : up3;
export const INFRA_SCRIPT = join(REPO_ROOT, 'scripts/infra');

interface Stoppable {
  stop(): Promise<unknown>;
}
const started: Stoppable[] = [];

/** The servers of scripts/infra that tests use (its mail catcher is for `npm start`). */
const LOCAL_SERVERS = ['kafka', 'ferretdb', 'redis'];
/** Those that startLocal found stopped and started: the teardown stops them, and only them. */
const startedLocal: string[] = [];

function dockerAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000, stdio: 'pipe' });
  return result.status === 0;
}

async function startContainers(): Promise<Infrastructure> {
  // Loaded lazily: without a Docker engine these modules are never needed.
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const { RedisContainer } = await import('@testcontainers/redis');
  // Confluent Platform 8.1 is Apache Kafka 4.1 (the version pinned in docker-compose and scripts/infra).
  const [kafka, mongo, redis] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:8.1.0').withKraft().start(),
    new MongoDBContainer('mongo:8.0').start(),
    new RedisContainer('redis:7.4').withCommand(['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction']).start(),
  ]);
  started.push(kafka, mongo, redis);
  return {
    KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    MONGO_URL: `${mongo.getConnectionString()}/?directConnection=true`,
    REDIS_URL: redis.getConnectionUrl(),
    INFRA_SOURCE: 'testcontainers',
  };
}

/** Servers of this checkout's scripts/infra that are running or starting (someone else's, then). */
function localServersUp(): Set<string> {
  const status = spawnSync('bash', [INFRA_SCRIPT, 'status', ...LOCAL_SERVERS], { encoding: 'utf8', timeout: 60_000 });
  const up = status.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([name, state]) => LOCAL_SERVERS.includes(name) && (state === 'running' || state === 'starting'));
  return new Set(up.map(([name]) => name));
}

function startLocal(): Infrastructure {
  const alreadyUp = localServersUp();
  execFileSync('bash', [INFRA_SCRIPT, 'up', ...LOCAL_SERVERS], {
    stdio: ['ignore', process.stderr, process.stderr],
    timeout: 15 * 60_000,
  });
  startedLocal.push(...LOCAL_SERVERS.filter((name) => !alreadyUp.has(name)));
  const env = Object.fromEntries(
    execFileSync('bash', [INFRA_SCRIPT, 'env'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.replace(/^export\s+/, '').trim())
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { KAFKA_BROKERS: env.KAFKA_BROKERS, MONGO_URL: env.MONGO_URL, REDIS_URL: env.REDIS_URL, INFRA_SOURCE: 'local' };
}

/**
 * Kafka, a MongoDB-compatible database and Redis for the tests, in this order of preference:
 * URLs given in the environment; Testcontainers when a Docker engine answers; else scripts/infra,
 * which installs and starts real servers on 127.0.0.1.
 */
export async function provideInfrastructure(env: NodeJS.ProcessEnv = process.env): Promise<Infrastructure> {
  if (env.KAFKA_BROKERS && env.MONGO_URL && env.REDIS_URL) {
    // A second Jest project's setup finds the first one's servers in env: it keeps saying where they came from.
    const source = env.INFRA_SOURCE === 'local' || env.INFRA_SOURCE === 'testcontainers' ? env.INFRA_SOURCE : 'env';
    return { KAFKA_BROKERS: env.KAFKA_BROKERS, MONGO_URL: env.MONGO_URL, REDIS_URL: env.REDIS_URL, INFRA_SOURCE: source };
  }
  if (env.CTIP_TEST_INFRA !== 'local' && dockerAnswers()) return startContainers();
  return startLocal();
}

/**
 * Stops what provideInfrastructure started: its Testcontainers, and the servers of scripts/infra it
 * found stopped. Servers that were already running (another test run's, `npm start`'s) keep running.
 */
export async function releaseInfrastructure(): Promise<void> {
  await Promise.allSettled(started.splice(0).map((c) => c.stop()));
  const local = startedLocal.splice(0);
  if (local.length > 0) {
    execFileSync('bash', [INFRA_SCRIPT, 'stop', ...local], { stdio: ['ignore', process.stderr, process.stderr], timeout: 5 * 60_000 });
  }
}
