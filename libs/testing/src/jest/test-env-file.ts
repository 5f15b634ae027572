import { join } from 'node:path';
import { REPO_ROOT } from '../infrastructure';

export const TEST_ENV_FILE = join(process.env.INFRA_DIR ?? join(REPO_ROOT, '.infra'), 'test-env.json');
