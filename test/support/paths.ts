import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above test/support). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');
