import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

// A clone must build, run and test on its own: nothing may reach for a folder beside the repository.
// The patterns are written so that this file does not match them itself.
const SIBLING_FOLDER = [
  /\.\.[/\\]shared(?![\w-])/, // a relative path to the folder beside the repository (not a sibling module named shared-something)
  /\bshared[/\\](?:lsp|tools)\b/, // its meta-model and tools, however reached
  /['"]\.\.['"]\s*,\s*['"]shared['"]/, // path.join(root, <up>, <that folder>)
  /\b(?:DESIGN|STACK|STYLE)\.md\b/, // the team's notes kept there; the project's are in docs/
];
const CODE_FOLDERS = ['bin', 'server', 'scripts', 'test', '.ci'];
// Fetched or generated, not the project's own files.
const SKIPPED = new Set(['node_modules', 'dist', '.traces', join('test', 'bench', 'workloads')]);

function filesUnder(folder: string): string[] {
  const root = join(REPO_ROOT, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (SKIPPED.has(entry.name) || SKIPPED.has(path)) return [];
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

/** The lines of `file` (from the repository root) that match a pattern, as `file:line: text`. */
function matchingLines(file: string, patterns: readonly RegExp[]): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  if (text.includes('\0')) return [];
  return text
    .split('\n')
    .flatMap((line, index) =>
      patterns.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
    );
}

/** The Markdown files a reader meets: the READMEs, docs/, the benchmark's results. */
function documents(): string[] {
  const clients = readdirSync(join(REPO_ROOT, 'clients')).map((client) =>
    join('clients', client, 'README.md'),
  );
  const docs = readdirSync(join(REPO_ROOT, 'docs')).map((name) => join('docs', name));
  return ['README.md', join('test', 'bench', 'RESULTS.md'), ...clients, ...docs].filter(
    (file) => file.endsWith('.md') && existsSync(join(REPO_ROOT, file)),
  );
}

describe('the repository stands alone', () => {
  it(`has no code under ${CODE_FOLDERS.join(', ')} that reads the folder beside the repository`, () => {
    const files = CODE_FOLDERS.flatMap(filesUnder);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => matchingLines(file, SIBLING_FOLDER))).toEqual([]);
  });

  it('names in its documents only Markdown files that are in the repository', () => {
    const missing = documents().flatMap((document) => {
      // Addresses on the web name files of other repositories.
      const text = readFileSync(join(REPO_ROOT, document), 'utf8').replace(/\b[a-z]+:\/\/\S+/g, '');
      // `docs/design.md`, [text](docs/design.md), a bare NOTES.md: every name of a Markdown file.
      const named = [...text.matchAll(/(?<![\w/.-])([\w./-]+\.md)\b/g)].map(([, name]) => name ?? '');
      return named
        .filter(
          (name) =>
            !existsSync(join(REPO_ROOT, name)) && !existsSync(join(REPO_ROOT, dirname(document), name)),
        )
        .map((name) => `${document} names ${name}`);
    });
    expect(missing).toEqual([]);
  });
});
