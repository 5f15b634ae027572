import { existsSync, readFileSync } from 'node:fs';
import { TEST_ENV_FILE } from './test-env-file';

// Test workers read the infrastructure chosen by the global setup.
if (!process.env.KAFKA_BROKERS && existsSync(TEST_ENV_FILE)) {
  Object.assign(process.env, JSON.parse(readFileSync(TEST_ENV_FILE, 'utf8')));
}
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
