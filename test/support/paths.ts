import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above test/support). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');

/** Every TypeScript file under `dir` (the server's sources by default), for tests of a rule over all of them. */
export function sourceFiles(dir = join(REPO_ROOT, 'server', 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}
