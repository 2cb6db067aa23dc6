import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sourceFiles } from '../support/paths.js';

/**
 * Where the server may start processes itself: runBounded (scrubbed environment, own session, the
 * whole tree killed on timeout) for everything, and the `--beside` router, which starts Lantern
 * itself (it needs the key) and the language's own server (with childEnv()).
 */
const ALLOWED = ['server/src/tools/run-bounded.ts', 'server/src/beside/start-beside.ts'];

describe('child processes', () => {
  it('are started through runBounded only (never with the model keys, never outliving their timeout)', () => {
    const starting = sourceFiles()
      .filter((file) => /from ['"](node:)?child_process['"]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(REPO_ROOT, file));
    expect(starting.sort()).toEqual([...ALLOWED].sort());
  });
});
