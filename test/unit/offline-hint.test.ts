import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { REPO_ROOT, sourceFiles } from '../support/paths.js';

const SOURCE_DIR = join(REPO_ROOT, 'server', 'src');
const HINT_FILE = join(SOURCE_DIR, 'llm', 'offline-hint.ts');
// The ways the setting that selects a local server has been spelled in a hint.
const OTHER_WORDINGS = /provider: openai|provider to openai|LANTERN_PROVIDER=openai|set it, or set provider/;

describe('the offline hint', () => {
  it('is worded in one place: no other source file says how to enable a model its own way', () => {
    const others = sourceFiles(SOURCE_DIR)
      .filter((file) => file !== HINT_FILE && OTHER_WORDINGS.test(readFileSync(file, 'utf8')))
      .map((file) => relative(REPO_ROOT, file));
    expect(others).toEqual([]);
  });

  it('is the README’s wording too', () => {
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(OFFLINE_HINT);
  });
});
